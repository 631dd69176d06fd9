using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Personalization.Customers;
using Personalization.Host.Hosting;
using Personalization.Persistence;

namespace Personalization.Host.Tests;

/// <summary>
/// The shortcuts that make ingest and lookups cheap keep answers exact: a lookup answered on the silo without a grain
/// call never shows a membership the catalog or the clock has moved past, membership changes handed to the silo-wide
/// publisher all arrive, and a catalog change still reaches every active customer.
/// </summary>
/// <remarks>The tests share one host, so each reads event types of its own and no test's segments match another's customers.</remarks>
public sealed class HotPathTests(EmptyCatalogHostFactory host) : IClassFixture<EmptyCatalogHostFactory>
{
    private readonly HttpClient client = host.CreateClient();

    [Fact]
    public async Task A_repeated_lookup_sees_a_window_close_as_soon_as_the_clock_passes_it()
    {
        await Define("hp-cart", "count(hp_cart, 1h) > 0");
        await client.PostJsonAsync("/v1/events", new { customerId = "hp-cart-1", type = "hp_cart" });
        Assert.Equal(["hp-cart"], await Segments("hp-cart-1"));
        Assert.Equal(["hp-cart"], await Segments("hp-cart-1"));

        host.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Empty(await Segments("hp-cart-1"));
    }

    [Fact]
    public async Task A_repeated_lookup_sees_a_segment_stored_a_moment_before()
    {
        await client.PostJsonAsync("/v1/events", new { customerId = "hp-new-1", type = "hp_search" });
        Assert.DoesNotContain("hp-searchers", await Segments("hp-new-1"));

        await Define("hp-searchers", "count(hp_search) >= 1");

        Assert.Contains("hp-searchers", await Segments("hp-new-1"));
    }

    [Fact]
    public async Task A_lookup_right_after_an_event_shows_what_the_event_changed()
    {
        await Define("hp-buyer", "count(hp_buy) >= 2");
        for (var i = 1; i <= 2; i++)
        {
            Assert.Empty(await Segments("hp-buyer-1"));
            await client.PostJsonAsync("/v1/events", new { customerId = "hp-buyer-1", type = "hp_buy", value = 5 });
        }

        Assert.Equal(["hp-buyer"], await Segments("hp-buyer-1"));
    }

    [Fact]
    public async Task A_batch_of_one_customers_events_ends_in_the_segments_the_same_events_sent_one_by_one_reach()
    {
        await Define("hp-mix-browser", "count(hp_view) >= 2 and count(hp_buy) == 0");
        await Define("hp-mix-cart", "count(hp_add, 1h) > 0 and count(hp_buy, 1h) == 0");
        await Define("hp-mix-spender", "sum(hp_buy.value) >= 50");
        await Define("hp-mix-all-pages", "count(hp_view) >= 3");
        object[] Visit(string customerId) =>
        [
            new { customerId, type = "hp_view" },
            new { customerId, type = "hp_add", value = 20 },
            new { customerId, type = "hp_view" },
            new { customerId, type = "hp_buy", value = 60 },
            new { customerId, type = "hp_view" },
        ];

        var (batchResponse, _) = await client.PostJsonAsync("/v1/events", new { events = Visit("hp-mix-batch") });
        foreach (var single in Visit("hp-mix-single"))
        {
            await client.PostJsonAsync("/v1/events", single);
        }

        Assert.Equal(HttpStatusCode.OK, batchResponse.StatusCode);
        Assert.Equal(["hp-mix-all-pages", "hp-mix-spender"], (await Segments("hp-mix-batch")).Order());
        Assert.Equal((await Segments("hp-mix-single")).Order(), (await Segments("hp-mix-batch")).Order());
        Assert.Equal(2, await EventuallySize("hp-mix-spender", 2));
        Assert.Equal(2, await EventuallySize("hp-mix-all-pages", 2));
    }

    [Fact]
    public async Task A_burst_of_membership_changes_answers_every_event_and_reaches_the_stats_whole()
    {
        const int Customers = 1000;
        await Define("hp-burst-a", "count(hp_burst) >= 1");
        await Define("hp-burst-b", "count(hp_burst) >= 1 and count(hp_buy) == 0");
        var events = Enumerable.Range(0, Customers).Select(i => new { customerId = $"hp-burst-{i:D4}", type = "hp_burst" }).ToArray();

        var (response, body) = await client.PostJsonAsync("/v1/events", new { events });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Customers, body!["accepted"]!.GetValue<int>());
        Assert.Equal(Customers, await EventuallySize("hp-burst-a", Customers));
        Assert.Equal(Customers, await EventuallySize("hp-burst-b", Customers));
    }

    [Fact]
    public async Task A_catalog_change_reaches_every_one_of_many_active_customers()
    {
        const int Customers = 2000;
        await Define("hp-many", "count(hp_many) >= 100");
        var events = Enumerable.Range(0, Customers).Select(i => new { customerId = $"hp-many-{i:D4}", type = "hp_many" }).ToArray();
        foreach (var chunk in events.Chunk(1000))
        {
            var (response, _) = await client.PostJsonAsync("/v1/events", new { events = chunk });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Define("hp-many", "count(hp_many) >= 1");

        Assert.Equal(Customers, await EventuallySize("hp-many", Customers));
    }

    [Fact]
    public async Task In_memory_storage_is_written_when_the_activation_ends_and_read_by_the_next_one()
    {
        for (var i = 0; i < 3; i++)
        {
            await client.PostJsonAsync("/v1/events", new { customerId = "hp-park-1", type = "hp_park", value = 10 });
        }

        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Customers);
        Assert.False((await ReadRowAsync(storage, "hp-park-1")).RecordExists);

        var activeCustomers = await host.DeactivateEveryCustomerAsync();
        Assert.Equal(0, activeCustomers.Count);
        var row = await ReadRowAsync(storage, "hp-park-1");
        Assert.True(row.RecordExists);
        Assert.Contains("hp_park", row.State.GetRawText());

        var customer = await client.GetNodeAsync("/v1/customers/hp-park-1");
        Assert.Equal(3, customer["counters"]!["hp_park"]!["count"]!.GetValue<long>());
        Assert.Equal(30, customer["counters"]!["hp_park"]!["sum"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_deactivated_customer_is_not_woken_by_the_window_edge_it_had_booked()
    {
        await Define("hp-wake", "count(hp_wake, 1h) > 0");
        await client.PostJsonAsync("/v1/events", new { customerId = "hp-wake-1", type = "hp_wake" });
        var schedule = host.Services.GetRequiredService<ReevaluationSchedule>();
        Assert.True(schedule.Count >= 1);

        var activeCustomers = await host.DeactivateEveryCustomerAsync();
        Assert.Equal(0, activeCustomers.Count);
        Assert.Equal(0, schedule.Count);
        host.Clock.Advance(TimeSpan.FromHours(1));
        await Task.Delay(300);
        Assert.Equal(0, activeCustomers.Count);

        // The next activation books again from the stored state, and the hour it had is over.
        Assert.Empty(await Segments("hp-wake-1"));
    }

    [Fact]
    public async Task A_customer_erased_before_its_first_write_leaves_the_directory_as_it_was()
    {
        var shard = host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICustomerDirectoryGrain>(ICustomerDirectoryGrain.ShardOf("hp-erase-1"));
        var before = await shard.CountAsync();

        await client.PostJsonAsync("/v1/events", new { customerId = "hp-erase-1", type = "hp_erase" });
        await client.PostJsonAsync("/v1/events", new { customerId = "hp-erase-1", type = "hp_erase" });
        Assert.Equal(before + 1, await shard.CountAsync());

        var erased = await client.DeleteAsync("/v1/customers/hp-erase-1");
        Assert.True(erased.IsSuccessStatusCode);
        Assert.Equal(before, await shard.CountAsync());
    }

    private static async Task<GrainState<JsonElement>> ReadRowAsync(IGrainStorage storage, string customerId)
    {
        var row = new GrainState<JsonElement>();
        await storage.ReadStateAsync("customer", GrainId.Create("customer", customerId), row);
        return row;
    }

    private async Task Define(string id, string rule)
    {
        var (response, body) = await client.SendJsonAsync(HttpMethod.Put, $"/v1/segments/{id}", JsonSerializer.Serialize(new { name = id, rule }));
        Assert.True(response.IsSuccessStatusCode, body?.ToJsonString());
    }

    private async Task<string[]> Segments(string customerId) =>
        (await client.GetNodeAsync($"/v1/customers/{customerId}/segments"))["segments"].Strings();

    private async Task<int> EventuallySize(string segmentId, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        int size;
        while ((size = (await client.GetNodeAsync($"/v1/segments/{segmentId}/stats"))["size"]!.GetValue<int>()) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return size;
    }
}
