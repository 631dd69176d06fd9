using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Personalization.Host.Tests;

/// <summary>
/// Segments stay true as time passes and as the catalog changes. Membership is observed through the stats and
/// member export, which only learn of entries and exits the grains publish, never through a lookup, which
/// re-evaluates by itself and so would hide a missing time-driven or catalog-driven re-evaluation.
/// </summary>
public sealed class SegmentsOverTimeTests(EmptyCatalogHostFactory host, ITestOutputHelper output) : IClassFixture<EmptyCatalogHostFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(1);

    private readonly HttpClient client = host.CreateClient();

    [Fact]
    public async Task A_cart_abandoner_exits_when_the_hour_passes_with_no_new_event()
    {
        await Define("t-cart", "count(add_to_cart, 1h) > 0 and count(purchase, 1h) == 0");
        await client.PostJsonAsync("/v1/events", new { customerId = "t-cart-1", type = "add_to_cart" });
        Assert.True(await EventuallyMember("t-cart", "t-cart-1", true));

        host.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.True(await IsMemberAfter("t-cart", "t-cart-1", Patience));

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await EventuallyMember("t-cart", "t-cart-1", false));
    }

    [Fact]
    public async Task A_later_event_moves_the_exit_later_and_the_clock_alone_still_makes_it()
    {
        await Define("t-cart-again", "count(add_again, 1h) > 0");
        await client.PostJsonAsync("/v1/events", new { customerId = "t-again-1", type = "add_again" });
        host.Clock.Advance(TimeSpan.FromMinutes(30));
        await client.PostJsonAsync("/v1/events", new { customerId = "t-again-1", type = "add_again" });
        Assert.True(await EventuallyMember("t-cart-again", "t-again-1", true));

        // The first event's hour is over; the second keeps the customer in for another half hour.
        host.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.True(await IsMemberAfter("t-cart-again", "t-again-1", Patience));

        host.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.False(await EventuallyMember("t-cart-again", "t-again-1", false));
    }

    [Fact]
    public async Task A_lapsed_customer_enters_sixty_days_after_the_last_purchase_with_no_new_event()
    {
        await Define("t-lapsed", "count(purchase) > 0 and days_since(purchase) >= 60");
        await client.PostJsonAsync("/v1/events", new { customerId = "t-lapsed-1", type = "purchase", value = 20 });

        host.Clock.Advance(TimeSpan.FromDays(59));
        Assert.False(await IsMemberAfter("t-lapsed", "t-lapsed-1", Patience));

        host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.True(await EventuallyMember("t-lapsed", "t-lapsed-1", true));
    }

    /// <summary>
    /// The stats learn of the change only when each customer re-evaluates on its own (a lookup would re-evaluate and
    /// hide a missing nudge). How long it took is measured and printed, not bounded: the host shares two cores with
    /// other test classes, so the deadline is only there to end a broken run.
    /// </summary>
    [Fact]
    public async Task A_catalog_change_reaches_a_few_hundred_already_active_customers_by_itself()
    {
        const int customers = 300;
        await Define("t-live", "count(page_view) >= 100");
        var ids = Enumerable.Range(0, customers).Select(i => $"t-live-{i:D3}").ToArray();
        foreach (var chunk in ids.Chunk(100))
        {
            await client.PostJsonAsync("/v1/events", new { events = chunk.Select(id => new { customerId = id, type = "page_view" }).ToArray() });
        }

        Assert.Equal(0, await SizeAfter("t-live", TimeSpan.FromMilliseconds(200)));
        var changed = Stopwatch.StartNew();
        await Define("t-live", "count(page_view) >= 1");

        Assert.Equal(customers, await EventuallySize("t-live", customers, TimeSpan.FromSeconds(30)));
        output.WriteLine($"{customers} active customers were in the changed segment's stats {changed.Elapsed.TotalMilliseconds:0} ms after the change was stored.");
        var versions = await client.GetNodeAsync("/v1/segments/t-live/versions");
        Assert.Equal(["count(page_view) >= 100", "count(page_view) >= 1"], versions["versions"]!.AsArray().Select(v => v!["rule"]!.GetValue<string>()));
    }

    /// <summary>
    /// A tenth of the customers are erased while their later events are still arriving, so the erasure and the events
    /// race. Whatever the order, each customer's own state decides its membership: an erased customer keeps at most the
    /// events that raced the erasure (none of those bought before it), everyone else every event, and the stats and the
    /// member export must agree with the customers' own answers.
    /// </summary>
    [Fact]
    public async Task Stats_and_member_export_match_each_customers_own_state_when_erasures_race_their_events()
    {
        await Define("t-buyers", "count(bf_buy) >= 2");
        var random = new Random(7);
        var customers = Enumerable.Range(0, 300).Select(i => $"t-bf-{i:D3}").ToArray();
        var erased = customers.Where((_, i) => i % 10 == 0).ToHashSet();
        var racing = customers.SelectMany(id => Enumerable.Range(0, random.Next(0, 4) + (erased.Contains(id) ? 2 : 0)).Select(_ => id)).ToList();

        // Every erased customer is a member before its erasure starts.
        await client.PostJsonAsync("/v1/events", new { events = erased.SelectMany(id => new[] { Purchase(id), Purchase(id) }).ToArray() });
        Assert.Equal(erased.Count, await EventuallySize("t-buyers", erased.Count));

        var requests = racing.Select(id => (Id: id, Erase: false)).Concat(erased.Select(id => (Id: id, Erase: true))).OrderBy(_ => random.Next()).ToArray();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (request, _) =>
        {
            var (response, body) = request.Erase
                ? await client.SendJsonAsync(HttpMethod.Delete, $"/v1/customers/{request.Id}")
                : await client.PostJsonAsync("/v1/events", Purchase(request.Id));
            Assert.True(response.IsSuccessStatusCode, $"{request}: HTTP {(int)response.StatusCode} {body?.ToJsonString()}");
        });

        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var id in customers)
        {
            var sent = racing.Count(r => r == id);
            var counters = (await client.GetNodeAsync($"/v1/customers/{id}"))["counters"]!;
            var counted = counters["bf_buy"]?["count"]!.GetValue<long>() ?? 0;
            if (erased.Contains(id))
            {
                Assert.InRange(counted, 0, sent);
            }
            else
            {
                Assert.Equal(sent, counted);
            }

            if (counted >= 2)
            {
                expected.Add(id);
            }

            var segments = (await client.GetNodeAsync($"/v1/customers/{id}/segments"))["segments"].Strings();
            Assert.Equal(counted >= 2, segments.Contains("t-buyers"));
        }

        Assert.Equal(expected.Count, await EventuallySize("t-buyers", expected.Count));
        var exported = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetNodeAsync($"/v1/segments/t-buyers/members?limit=7{(cursor is null ? "" : "&cursor=" + cursor)}");
            exported.AddRange(page["members"].Strings());
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(expected, exported.Order(StringComparer.Ordinal));
        var stats = await client.GetNodeAsync("/v1/segments/t-buyers/stats");
        var hours = stats["hours"]!.AsArray();
        var entries = hours.Sum(h => h!["entries"]!.GetValue<int>());
        var exits = hours.Sum(h => h!["exits"]!.GetValue<int>());
        Assert.Equal(expected.Count, entries - exits);
        // Each erased customer was a member; one that is not now left at least once (one that is may have left and come back).
        Assert.InRange(exits, erased.Count(id => !expected.Contains(id)), erased.Count + racing.Count);
    }

    // An event type of its own, so other tests' customers never enter the segment.
    private static object Purchase(string customerId) => new { customerId, type = "bf_buy", value = 5 };

    /// <summary>
    /// The expected count comes from the test's own customers: no other test of this class sends a purchase of 600 or
    /// more, so exactly those of these customers that the rule describes match, whatever else is stored.
    /// </summary>
    [Fact]
    public async Task A_preview_counts_matching_known_customers_without_storing_the_rule()
    {
        var purchases = new[] { ("t-pv-1", 900), ("t-pv-2", 50), ("t-pv-3", 700), ("t-pv-4", 400), ("t-pv-4", 400) };
        foreach (var (id, value) in purchases)
        {
            await client.PostJsonAsync("/v1/events", new { customerId = id, type = "purchase", value });
        }

        var (response, body) = await client.PostJsonAsync("/v1/segments/preview", new { rule = "sum(purchase.value) >= 600 and count(purchase) == 1", sampleSize = 10_000 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string[] matching = ["t-pv-1", "t-pv-3"];
        Assert.Equal(matching, body!["examples"].Strings());
        Assert.Equal(matching.Length, body["matching"]!.GetValue<int>());
        Assert.InRange(body["sampled"]!.GetValue<int>(), purchases.Select(p => p.Item1).Distinct().Count(), 10_000);
        var catalog = await client.GetNodeAsync("/v1/segments");
        Assert.DoesNotContain("sum(purchase.value) >= 600", catalog.ToJsonString());
    }

    [Fact]
    public async Task Members_of_an_unknown_segment_are_not_found_and_a_bad_cursor_is_a_problem()
    {
        await Define("t-cursor", "count(purchase) > 0");

        var (missing, _) = await client.SendJsonAsync(HttpMethod.Get, "/v1/segments/t-nope/members");
        var (bad, body) = await client.SendJsonAsync(HttpMethod.Get, "/v1/segments/t-cursor/members?cursor=%21%21");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull(body!["errors"]!["cursor"]);
    }

    private async Task Define(string id, string rule)
    {
        var (response, body) = await client.SendJsonAsync(HttpMethod.Put, $"/v1/segments/{id}", JsonSerializer.Serialize(new { name = id, rule }));
        Assert.True(response.IsSuccessStatusCode, body?.ToJsonString());
    }

    private async Task<bool> IsMember(string segmentId, string customerId)
    {
        var page = await client.GetNodeAsync($"/v1/segments/{segmentId}/members?limit=1000");
        return page["members"].Strings().Contains(customerId);
    }

    /// <summary>Polls (bounded) until the member export shows the customer in or out as expected.</summary>
    private async Task<bool> EventuallyMember(string segmentId, string customerId, bool expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        bool member;
        while ((member = await IsMember(segmentId, customerId)) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return member;
    }

    /// <summary>Waits long enough for a wrongly published change to arrive, then reads membership.</summary>
    private async Task<bool> IsMemberAfter(string segmentId, string customerId, TimeSpan wait)
    {
        await Task.Delay(wait);
        return await IsMember(segmentId, customerId);
    }

    private async Task<int> Size(string segmentId) => (await client.GetNodeAsync($"/v1/segments/{segmentId}/stats"))["size"]!.GetValue<int>();

    /// <summary>Stream delivery is asynchronous, so polls (bounded) until the size is reached.</summary>
    private async Task<int> EventuallySize(string segmentId, int expected, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(5));
        int size;
        while ((size = await Size(segmentId)) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return size;
    }

    /// <summary>Waits long enough for a wrongly published change to arrive, then reads the size.</summary>
    private async Task<int> SizeAfter(string segmentId, TimeSpan wait)
    {
        await Task.Delay(wait);
        return await Size(segmentId);
    }
}
