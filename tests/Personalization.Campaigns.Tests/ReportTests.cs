using System.Text.Json.Nodes;

namespace Personalization.Campaigns.Tests;

/// <summary>
/// The effectiveness report against a brute-force count: a seeded population goes through the API (segments, exposure,
/// outcomes, purchases inside and outside the attribution window), the test keeps its own ledger of what each customer
/// did, and every number of the report is recomputed from that ledger alone.
/// </summary>
public sealed class ReportTests(CampaignHost host) : IClassFixture<CampaignHost>
{
    private const string CampaignId = "report-brute";
    private static readonly TimeSpan Window = TimeSpan.FromDays(2);

    /// <summary>What the test did to one customer and saw of it.</summary>
    private sealed class Visitor(string id)
    {
        public string Id { get; } = id;
        public bool Exposed { get; set; }
        public string? Variant { get; set; }
        public DateTimeOffset ExposedAt { get; set; }
        public HashSet<string> Segments { get; } = new(StringComparer.Ordinal);
        public bool Shown { get; set; }
        public bool Clicked { get; set; }
        public bool Dismissed { get; set; }
        public List<(DateTimeOffset At, decimal Value)> Purchases { get; } = [];
    }

    private sealed record Expected(long Exposures, long Shown, long Clicked, long Dismissed, long Conversions, decimal Revenue);

    [Fact]
    public async Task Every_number_of_the_report_equals_a_brute_force_count_of_what_the_customers_did()
    {
        var client = host.CreateClient();
        await Settle.DefineProbeAsync(client);
        await client.PutCampaignAsync(CampaignId, new JsonObject
        {
            ["trigger"] = new JsonObject { ["onEvent"] = "promo_report" },
            ["offer"] = new JsonObject { ["title"] = "Ten percent off" },
            ["scope"] = "ttl",
            ["ttl"] = "7d",
            ["conversion"] = new JsonObject { ["eventType"] = "purchase", ["window"] = "2d" },
            ["variants"] = new JsonArray(
                new JsonObject { ["id"] = "ten-off", ["weight"] = 40 },
                new JsonObject { ["id"] = "free-shipping", ["weight"] = 40, ["offer"] = new JsonObject { ["title"] = "Free shipping" } },
                new JsonObject { ["id"] = "holdout", ["weight"] = 20, ["control"] = true }),
        }.ToJsonString());

        var random = new Random(20261123);
        var visitors = Enumerable.Range(0, 80).Select(i => new Visitor($"report-{i:D2}")).ToList();

        // Day 0: some buy before any exposure; that neither converts nor counts, but puts them in other segments.
        foreach (var v in visitors.Where(_ => random.NextDouble() < 0.3))
        {
            var value = random.NextDouble() < 0.5 ? 120.50m : 640.25m;
            await client.TrackAsync(v.Id, "purchase", value: (double)value);
            v.Purchases.Add((host.Clock.GetUtcNow(), value));
        }

        // Day 1: a profile, a cart, then the trigger for most.
        host.Clock.Advance(TimeSpan.FromDays(1));
        foreach (var v in visitors)
        {
            var boughtBefore = v.Purchases.Count > 0;
            if (random.NextDouble() < 0.4)
            {
                await client.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{v.Id}/profile", """{"device":"mobile"}""");
                v.Segments.Add("mobile-shopper");
            }

            if (random.NextDouble() < 0.5)
            {
                await client.TrackAsync(v.Id, "add_to_cart");
                v.Segments.Add("cart-abandoner");
            }

            if (!boughtBefore)
            {
                v.Segments.Add("new-visitor");
            }
            else if (v.Purchases.Sum(p => p.Value) >= 500)
            {
                v.Segments.Add("high-value");
            }

            if (random.NextDouble() < 0.9)
            {
                var answer = await client.TrackAsync(v.Id, "promo_report");
                Assert.Equal(v.Segments.Order(StringComparer.Ordinal), answer["segments"].Strings().Order(StringComparer.Ordinal));
                v.Exposed = true;
                v.ExposedAt = host.Clock.GetUtcNow();
            }
        }

        // The variant each exposed customer got, as a website sees it: the offer's variant, or no offer for the control.
        foreach (var v in visitors.Where(v => v.Exposed))
        {
            await Settle.CustomerAsync(client, v.Id);
            var offers = await Settle.OffersAsync(client, v.Id);
            v.Variant = offers.Length == 0 ? "holdout" : Assert.Single(offers)["variant"]!.GetValue<string>();
            if (offers.Length == 0)
            {
                continue;
            }

            var offerId = offers[0]["offerId"]!.GetValue<string>();
            switch (random.Next(6))
            {
                case 0:
                    break;
                case 1:
                    await RecordAsync(v.Id, offerId, "shown");
                    await RecordAsync(v.Id, offerId, "shown");
                    v.Shown = true;
                    break;
                case 2:
                    await RecordAsync(v.Id, offerId, "shown");
                    await RecordAsync(v.Id, offerId, "clicked");
                    v.Shown = v.Clicked = true;
                    break;
                case 3:
                    // A click unannounced by "shown" still means it was shown.
                    await RecordAsync(v.Id, offerId, "clicked");
                    await RecordAsync(v.Id, offerId, "clicked");
                    v.Shown = v.Clicked = true;
                    break;
                case 4:
                    await RecordAsync(v.Id, offerId, "dismissed");
                    v.Shown = v.Dismissed = true;
                    break;
                default:
                    await RecordAsync(v.Id, offerId, "shown");
                    await RecordAsync(v.Id, offerId, "dismissed");
                    v.Shown = v.Dismissed = true;
                    break;
            }
        }

        Assert.Contains(visitors, v => v.Variant == "holdout");
        Assert.Contains(visitors, v => v.Variant == "ten-off");
        Assert.Contains(visitors, v => v.Variant == "free-shipping");

        // An hour later, purchases inside the window (some twice), and three days after the exposure, outside it.
        host.Clock.Advance(TimeSpan.FromHours(1));
        await PurchaseAsync(0.45, allowTwice: true);
        host.Clock.Advance(TimeSpan.FromDays(3));
        await PurchaseAsync(0.35, allowTwice: false);
        foreach (var v in visitors)
        {
            await Settle.CustomerAsync(client, v.Id);
        }

        // The seed gives every case the count must tell apart.
        Assert.Contains(visitors, v => v.Exposed && v.Purchases.Count(p => InWindow(v, p.At)) > 1);
        Assert.Contains(visitors, v => v.Exposed && v.Purchases.Any(p => p.At > v.ExposedAt + Window) && !v.Purchases.Any(p => InWindow(v, p.At)));
        Assert.Contains(visitors, v => v.Exposed && v.Purchases.Any(p => p.At < v.ExposedAt));
        Assert.Contains(visitors, v => !v.Exposed && v.Purchases.Count > 0);

        var report = await client.GetNodeAsync($"/v1/campaigns/{CampaignId}/report");
        Assert.Equal("holdout", report["controlVariant"]!.GetValue<string>());

        var exposed = visitors.Where(v => v.Exposed).ToList();
        var control = Count(exposed.Where(v => v.Variant == "holdout"));
        var variants = report["variants"]!.AsArray();
        Assert.Equal(["ten-off", "free-shipping", "holdout"], variants.Select(r => r!["variant"]!.GetValue<string>()));
        foreach (var row in variants)
        {
            var variant = row!["variant"]!.GetValue<string>();
            AssertRow(Count(exposed.Where(v => v.Variant == variant)), row, variant == "holdout" ? null : control);
        }

        var segments = report["segments"]!.AsArray();
        var expectedSegments = exposed.SelectMany(v => v.Segments).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedSegments, segments.Select(s => s!["segment"]!.GetValue<string>()));
        foreach (var row in segments)
        {
            var segment = row!["segment"]!.GetValue<string>();
            var members = exposed.Where(v => v.Segments.Contains(segment)).ToList();
            AssertCounts(Count(members), row, "responseRate");

            var segmentControl = Count(members.Where(v => v.Variant == "holdout"));
            var segmentVariants = row["variants"]!.AsArray();
            Assert.Equal(
                new[] { "ten-off", "free-shipping", "holdout" }.Where(id => members.Any(v => v.Variant == id)),
                segmentVariants.Select(r => r!["variant"]!.GetValue<string>()));
            foreach (var variantRow in segmentVariants)
            {
                var variant = variantRow!["variant"]!.GetValue<string>();
                var hasControl = members.Any(v => v.Variant == "holdout");
                AssertRow(Count(members.Where(v => v.Variant == variant)), variantRow, variant == "holdout" || !hasControl ? null : segmentControl);
            }
        }

        async Task RecordAsync(string customerId, string offerId, string outcome)
        {
            var (status, body) = await client.OutcomeAsync(customerId, offerId, outcome);
            Assert.True(status == System.Net.HttpStatusCode.OK, $"{outcome} of {customerId} answered {(int)status}: {body}");
        }

        async Task PurchaseAsync(double share, bool allowTwice)
        {
            foreach (var v in visitors.Where(_ => random.NextDouble() < share))
            {
                var times = allowTwice && random.NextDouble() < 0.3 ? 2 : 1;
                for (var i = 0; i < times; i++)
                {
                    var value = random.Next(1_000, 30_000) / 100m;
                    await client.TrackAsync(v.Id, "purchase", value: (double)value);
                    v.Purchases.Add((host.Clock.GetUtcNow(), value));
                }
            }
        }
    }

    /// <summary>An exposure converts with the first purchase at or after it and within the window; its value is the revenue.</summary>
    private static Expected Count(IEnumerable<Visitor> visitors)
    {
        long exposures = 0, shown = 0, clicked = 0, dismissed = 0, conversions = 0;
        var revenue = 0m;
        foreach (var v in visitors)
        {
            exposures++;
            shown += v.Shown ? 1 : 0;
            clicked += v.Clicked ? 1 : 0;
            dismissed += v.Dismissed ? 1 : 0;
            foreach (var (at, value) in v.Purchases)
            {
                if (InWindow(v, at))
                {
                    conversions++;
                    revenue += value;
                    break;
                }
            }
        }

        return new Expected(exposures, shown, clicked, dismissed, conversions, revenue);
    }

    private static bool InWindow(Visitor v, DateTimeOffset at) => at >= v.ExposedAt && at <= v.ExposedAt + Window;

    private static void AssertRow(Expected expected, JsonNode row, Expected? control)
    {
        AssertCounts(expected, row, "clickRate");
        Assert.Equal(expected.Dismissed, row["dismissed"]!.GetValue<long>());
        if (control is null)
        {
            Assert.Null(row["lift"]);
            return;
        }

        // Difference of conversion rates with a 95% Wald interval, from the textbook formula.
        var p = (double)expected.Conversions / expected.Exposures;
        var q = (double)control.Conversions / control.Exposures;
        var error = Math.Sqrt((p * (1 - p) / expected.Exposures) + (q * (1 - q) / control.Exposures));
        var lift = row["lift"]!;
        Assert.Equal(p - q, lift["absolute"]!.GetValue<double>(), 12);
        Assert.Equal(p - q - (1.959963984540054 * error), lift["low"]!.GetValue<double>(), 12);
        Assert.Equal(p - q + (1.959963984540054 * error), lift["high"]!.GetValue<double>(), 12);
        if (q == 0)
        {
            Assert.Null(lift["relative"]);
        }
        else
        {
            Assert.Equal((p - q) / q, lift["relative"]!.GetValue<double>(), 12);
        }

        Assert.Equal(p - q - (1.959963984540054 * error) > 0 || p - q + (1.959963984540054 * error) < 0, lift["significant"]!.GetValue<bool>());
    }

    /// <summary>The counts a variant row and a segment row share; the segment calls its click rate the response rate.</summary>
    private static void AssertCounts(Expected expected, JsonNode row, string clickRateField)
    {
        Assert.True(expected.Exposures == row["exposures"]!.GetValue<long>(), $"exposures of {row}");
        Assert.Equal(expected.Shown, row["shown"]!.GetValue<long>());
        Assert.Equal(expected.Clicked, row["clicked"]!.GetValue<long>());
        Assert.Equal(expected.Conversions, row["conversions"]!.GetValue<long>());
        Assert.Equal(expected.Revenue, row["revenue"]!.GetValue<decimal>());
        AssertRate(expected.Clicked, expected.Shown, row[clickRateField]);
        AssertRate(expected.Conversions, expected.Exposures, row["conversionRate"]);
    }

    private static void AssertRate(long part, long whole, JsonNode? rate)
    {
        if (whole == 0)
        {
            Assert.Null(rate);
        }
        else
        {
            Assert.Equal((double)part / whole, rate!.GetValue<double>(), 12);
        }
    }
}
