using System.Net;
using System.Text.Json.Nodes;
using Personalization.Campaigns.Experiments;

namespace Personalization.Campaigns.Tests;

/// <summary>A host with a global holdout of 30% of customers.</summary>
public sealed class HoldoutHost : CampaignHost
{
    public const double Share = 0.3;

    public HoldoutHost() => With("Campaigns:GlobalHoldoutShare", "0.3");
}

/// <summary>
/// The experiment figures through the HTTP report: customers spend before exposure (CUPED's covariate), are exposed or
/// held out, and buy afterwards; the campaign report carries the sample ratio check, both intervals, the Bayesian
/// figures and CUPED, per variant and per segment, and the global holdout report counts the held-out customers.
/// </summary>
public sealed class ExperimentReportTests(HoldoutHost host) : IClassFixture<HoldoutHost>
{
    private const string CampaignId = "experiment-report";

    [Fact]
    public async Task The_report_shows_the_experiment_figures_and_the_holdout_report_counts_held_out_customers()
    {
        var client = host.CreateClient();
        await client.PutCampaignAsync(CampaignId, new JsonObject
        {
            ["trigger"] = new JsonObject { ["onEvent"] = "promo_experiment" },
            ["offer"] = new JsonObject { ["title"] = "Ten percent off" },
            ["scope"] = "ttl",
            ["ttl"] = "7d",
            ["conversion"] = new JsonObject { ["eventType"] = "purchase", ["window"] = "7d" },
            ["variants"] = new JsonArray(
                new JsonObject { ["id"] = "ten-off", ["weight"] = 45 },
                new JsonObject { ["id"] = "free-shipping", ["weight"] = 45, ["offer"] = new JsonObject { ["title"] = "Free shipping" } },
                new JsonObject { ["id"] = "control", ["weight"] = 10, ["control"] = true }),
        }.ToJsonString());

        var random = new Random(22_006);
        var customers = Enumerable.Range(0, 80).Select(i => $"experiment-{i:D2}").ToList();
        var preSpend = customers.ToDictionary(id => id, _ => 0.0);
        foreach (var id in customers.Where(_ => random.NextDouble() < 0.6))
        {
            preSpend[id] = random.Next(20, 400);
            await client.TrackAsync(id, "purchase", value: preSpend[id]);
        }

        host.Clock.Advance(TimeSpan.FromDays(1));
        foreach (var id in customers)
        {
            await client.TrackAsync(id, "promo_experiment");
        }

        var held = customers.Where(id => GlobalHoldout.Contains(id, HoldoutHost.Share)).ToHashSet();
        Assert.InRange(held.Count, 10, 40);
        await Api.EventuallyAsync(
            async () => Exposures(await client.GetNodeAsync($"/v1/campaigns/{CampaignId}/report")) + Exposures(await client.GetNodeAsync("/v1/holdout/report")),
            total => total == 2 * customers.Count - held.Count,
            "every exposure in the reports");

        // Held-out customers get nothing; the others get their variant's offer unless they are the campaign's control.
        foreach (var id in customers)
        {
            var offers = await client.OffersAsync(id);
            if (held.Contains(id))
            {
                Assert.Empty(offers);
            }
        }

        host.Clock.Advance(TimeSpan.FromDays(1));
        var buyers = customers.Where(id => random.NextDouble() < 0.5).ToList();
        foreach (var id in buyers)
        {
            await client.TrackAsync(id, "purchase", value: 30 + (0.5 * preSpend[id]) + random.Next(0, 40));
        }

        var report = await Api.EventuallyAsync(
            () => client.GetNodeAsync($"/v1/campaigns/{CampaignId}/report"),
            r => Conversions(r) == buyers.Count(id => !held.Contains(id)),
            "every conversion in the campaign report");

        Assert.Equal("sequential", report["methods"]!["decision"]!.GetValue<string>());
        Assert.Equal("weights", report["methods"]!["allocation"]!.GetValue<string>());
        var sampleRatio = report["sampleRatio"]!;
        Assert.InRange(sampleRatio["pValue"]!.GetValue<double>(), 0, 1);
        Assert.Equal(2, sampleRatio["degreesOfFreedom"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(sampleRatio["message"]!.GetValue<string>()));
        foreach (var row in report["variants"]!.AsArray().Where(r => !r!["control"]!.GetValue<bool>()))
        {
            AssertComparison(row!["lift"]!);
            var revenue = row["revenueLift"]!;
            AssertComparison(revenue);
            var cuped = revenue["cuped"]!;
            Assert.True(cuped["varianceReduction"]!.GetValue<double>() > 0, "pre-exposure spend predicts revenue here, so CUPED removes variance");
            Assert.True(cuped["high"]!.GetValue<double>() - cuped["low"]!.GetValue<double>() < revenue["high"]!.GetValue<double>() - revenue["low"]!.GetValue<double>());
        }

        foreach (var segment in report["segments"]!.AsArray())
        {
            Assert.NotNull(segment!["sampleRatio"]);
            Assert.All(segment["variants"]!.AsArray(), row => Assert.NotNull(row!["revenuePerExposure"]));
        }

        var holdout = await Api.EventuallyAsync(
            () => client.GetNodeAsync("/v1/holdout/report"),
            r => Conversions(r) == buyers.Count,
            "every conversion in the holdout report");
        var arms = holdout["variants"]!.AsArray();
        Assert.Equal(["campaigns", "holdout"], arms.Select(a => a!["variant"]!.GetValue<string>()));
        Assert.Equal(customers.Count - held.Count, arms[0]!["exposures"]!.GetValue<long>());
        Assert.Equal(held.Count, arms[1]!["exposures"]!.GetValue<long>());
        Assert.Equal(buyers.Count(held.Contains), arms[1]!["conversions"]!.GetValue<long>());
        Assert.Equal("holdout", holdout["controlVariant"]!.GetValue<string>());
        AssertComparison(arms[0]!["lift"]!);
        Assert.NotNull(holdout["sampleRatio"]);
    }

    private static void AssertComparison(JsonNode lift)
    {
        var low = lift["low"]!.GetValue<double>();
        var high = lift["high"]!.GetValue<double>();
        var sequential = lift["sequential"]!;
        Assert.True(sequential["low"]!.GetValue<double>() < low && sequential["high"]!.GetValue<double>() > high, "the always-valid interval is the wider");
        Assert.InRange(lift["chanceToBeatControl"]!.GetValue<double>(), 0, 1);
        Assert.True(lift["expectedLoss"]!.GetValue<double>() >= 0);
        Assert.True(lift["controlExpectedLoss"]!.GetValue<double>() >= 0);
    }

    private static long Exposures(JsonNode report) => report["variants"]!.AsArray().Sum(r => r!["exposures"]!.GetValue<long>());

    private static long Conversions(JsonNode report) => report["variants"]!.AsArray().Sum(r => r!["conversions"]!.GetValue<long>());
}
