using System.Net;
using System.Text;

namespace Personalization.Host.Tests;

public sealed class EventTests(HostFactory host) : IClassFixture<HostFactory>
{
    private readonly HttpClient client = host.CreateClient();

    [Fact]
    public async Task A_single_event_answers_with_segments_and_what_changed()
    {
        var (first, firstBody) = await client.PostJsonAsync("/v1/events", new { customerId = "ev-1", type = "add_to_cart", value = 30 });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(["cart-abandoner", "new-visitor"], firstBody!["segments"].Strings().Order());
        Assert.Equal(["cart-abandoner", "new-visitor"], firstBody["entered"].Strings().Order());
        Assert.Empty(firstBody["exited"].Strings());

        var (_, purchaseBody) = await client.PostJsonAsync("/v1/events", new { customerId = "ev-1", type = "purchase", value = 620.5 });
        Assert.Equal(["high-value"], purchaseBody!["segments"].Strings());
        Assert.Equal(["high-value"], purchaseBody["entered"].Strings());
        Assert.Equal(["cart-abandoner", "new-visitor"], purchaseBody["exited"].Strings().Order());
    }

    [Fact]
    public async Task A_batch_accepts_good_events_and_reports_each_bad_one_by_index()
    {
        var batch = new
        {
            events = new object[]
            {
                new { customerId = "batch-1", type = "page_view" },
                new { customerId = "bad id!", type = "page_view" },
                new { customerId = "batch-1", type = "purchase", value = 10 },
                new { customerId = "batch-2", type = "purchase", value = "ten" },
                new { customerId = "batch-2", type = "purchase", value = 5 },
            },
        };

        var (response, body) = await client.PostJsonAsync("/v1/events", batch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, body!["accepted"]!.GetValue<int>());
        var rejected = body["rejected"]!.AsArray();
        Assert.Equal([1, 3], rejected.Select(r => r!["index"]!.GetValue<int>()));
        Assert.Contains("customerId", rejected[0]!["error"]!.GetValue<string>());
        Assert.Contains("value", rejected[1]!["error"]!.GetValue<string>());

        var customer = await client.GetNodeAsync("/v1/customers/batch-1");
        Assert.Equal(1, customer["counters"]!["page_view"]!["count"]!.GetValue<long>());
        Assert.Equal(10, customer["counters"]!["purchase"]!["sum"]!.GetValue<double>());
        var other = await client.GetNodeAsync("/v1/customers/batch-2");
        Assert.Equal(1, other["counters"]!["purchase"]!["count"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_batch_over_the_event_limit_is_refused_whole_and_changes_nothing()
    {
        var events = Enumerable.Range(0, 1001).Select(_ => new { customerId = "oversize", type = "page_view" }).ToArray();

        var (response, body) = await client.PostJsonAsync("/v1/events", new { events });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("at most 1000 events", body!["errors"]!["events"]![0]!.GetValue<string>());
        var customer = await client.GetNodeAsync("/v1/customers/oversize");
        Assert.Empty(customer["counters"]!.AsObject());
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_refused_and_changes_nothing()
    {
        var padding = new string('x', 1000);
        var events = Enumerable.Range(0, 1000)
            .Select(_ => new { customerId = "too-big", type = "page_view", properties = new { padding } }).ToArray();

        var (response, body) = await client.PostJsonAsync("/v1/events", new { events });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body", body!["field"]!.GetValue<string>());
        var customer = await client.GetNodeAsync("/v1/customers/too-big");
        Assert.Empty(customer["counters"]!.AsObject());
    }

    [Theory]
    [InlineData("""{"type":"page_view"}""", "customerId", "is required")]
    [InlineData("""{"customerId":"m-1"}""", "type", "is required")]
    [InlineData("""{"customerId":"m-1","type":"page view"}""", "type", "may only hold")]
    [InlineData("""{"customerId":"m-1","type":"page_view","timestamp":"yesterday"}""", "timestamp", "RFC 3339")]
    [InlineData("""{"customerId":"m-1","type":"page_view","timestamp":"2026-11-23T10:00:00"}""", "timestamp", "RFC 3339")]
    [InlineData("""{"customerId":"m-1","type":"page_view","timestamp":"2026-11-23T09:06:00Z"}""", "timestamp", "in the future")]
    [InlineData("""{"customerId":"m-1","type":"page_view","value":"12"}""", "value", "finite number")]
    [InlineData("""{"customerId":"m-1","type":"page_view","properties":{"tags":["a"]}}""", "properties.tags", "string, number or boolean")]
    [InlineData("""{"customerId":"m-1","type":"page_view","properties":{"nested":{"a":1}}}""", "properties.nested", "not an object")]
    [InlineData("""{"customerId":"m-1","type":"page_view","customer_id":"x"}""", "customer_id", "unknown field")]
    [InlineData("""{"customerId":"m-1","type":"page_view","eventId":""}""", "eventId", "1-128 characters")]
    public async Task A_malformed_event_gets_a_problem_naming_the_field_and_changes_nothing(string json, string field, string reason)
    {
        var (response, body) = await client.SendJsonAsync(HttpMethod.Post, "/v1/events", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, body!["status"]!.GetValue<int>());
        Assert.Contains(reason, body["errors"]![field]![0]!.GetValue<string>());
        var customer = await client.GetNodeAsync("/v1/customers/m-1");
        Assert.Empty(customer["counters"]!.AsObject());
    }

    [Fact]
    public async Task Redelivered_events_with_the_same_event_id_are_counted_once()
    {
        var events = new object[]
        {
            new { customerId = "dup-1", type = "purchase", value = 10, eventId = "order-1" },
            new { customerId = "dup-1", type = "purchase", value = 10, eventId = "order-1" },
            new { customerId = "dup-1", type = "purchase", value = 15, eventId = "order-2" },
        };

        var (_, batch) = await client.PostJsonAsync("/v1/events", new { events });
        var (_, single) = await client.PostJsonAsync("/v1/events", new { customerId = "dup-1", type = "purchase", value = 15, eventId = "order-2" });

        Assert.Equal(3, batch!["accepted"]!.GetValue<int>());
        Assert.Equal(1, batch["duplicates"]!.GetValue<int>());
        Assert.True(single!["duplicate"]!.GetValue<bool>());
        var purchases = (await client.GetNodeAsync("/v1/customers/dup-1"))["counters"]!["purchase"]!;
        Assert.Equal(2, purchases["count"]!.GetValue<long>());
        Assert.Equal(25, purchases["sum"]!.GetValue<double>());
    }

    /// <summary>
    /// docs/operations.md: a customer remembers at least its latest 3,584 event ids and at most 4,096; when a 4,097th
    /// arrives, the oldest eighth is forgotten at once, so a redelivery that old is counted again.
    /// </summary>
    [Fact]
    public async Task Past_4096_event_ids_the_oldest_are_forgotten_and_the_latest_3584_still_count_once()
    {
        const string customerId = "evict-1";
        await SendIdsAsync(0, 4096);
        var (_, oldestKept) = await client.PostJsonAsync("/v1/events", new { customerId, type = "page_view", eventId = "e-0" });
        Assert.True(oldestKept!["duplicate"]!.GetValue<bool>(), "the oldest of 4,096 ids was forgotten");

        await SendIdsAsync(4096, 1);
        var (_, forgotten) = await client.PostJsonAsync("/v1/events", new { customerId, type = "page_view", eventId = "e-0" });
        var (_, latest) = await client.PostJsonAsync("/v1/events", new { customerId, type = "page_view", eventId = $"e-{4097 - 3584}" });

        Assert.False(forgotten!["duplicate"]!.GetValue<bool>(), "the oldest id is still remembered after 4,097");
        Assert.True(latest!["duplicate"]!.GetValue<bool>(), "one of the latest 3,584 ids was forgotten");
        var views = (await client.GetNodeAsync($"/v1/customers/{customerId}"))["counters"]!["page_view"]!["count"]!.GetValue<long>();
        Assert.Equal(4097 + 1, views);

        async Task SendIdsAsync(int first, int count)
        {
            foreach (var chunk in Enumerable.Range(first, count).Chunk(1000))
            {
                var (response, body) = await client.PostJsonAsync("/v1/events", new { events = chunk.Select(i => new { customerId, type = "page_view", eventId = $"e-{i}" }).ToArray() });
                Assert.Equal(chunk.Length, body!["accepted"]!.GetValue<int>());
                Assert.Equal(0, body["duplicates"]!.GetValue<int>());
            }
        }
    }

    [Fact]
    public async Task A_customer_id_over_128_characters_is_refused()
    {
        var (response, body) = await client.PostJsonAsync("/v1/events", new { customerId = new string('a', 129), type = "page_view" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 128", body!["errors"]!["customerId"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Malformed_json_is_a_problem_with_its_position()
    {
        var response = await client.PostAsync("/v1/events", new StringContent("{\"customerId\": ", Encoding.UTF8, "application/json"));
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON at line 1", body!["errors"]!["body"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Event_time_defaults_to_the_server_clock_and_past_timestamps_are_kept()
    {
        await client.PostJsonAsync("/v1/events", new { customerId = "time-1", type = "page_view" });
        await client.PostJsonAsync("/v1/events", new { customerId = "time-1", type = "page_view", timestamp = "2026-01-02T03:04:05+01:00" });

        var customer = await client.GetNodeAsync("/v1/customers/time-1");
        var counters = customer["counters"]!["page_view"]!;
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 2, 4, 5, TimeSpan.Zero), counters["firstAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(host.Clock.GetUtcNow(), counters["lastAt"]!.GetValue<DateTimeOffset>());
    }
}
