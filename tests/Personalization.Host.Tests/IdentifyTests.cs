using System.Text.Json.Nodes;
using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Hosting;

namespace Personalization.Host.Tests;

/// <summary>POST /v1/identify and anonymousId on events: lookups and events through the alias reach the known customer.</summary>
public sealed class IdentifyTests(EmptyCatalogHostFactory host) : IClassFixture<EmptyCatalogHostFactory>
{
    private readonly HttpClient client = host.CreateClient();

    [Fact]
    public async Task Lookups_events_and_the_customer_view_through_an_alias_reach_the_known_customer()
    {
        await DefineSegmentAsync("browsing-buyer", "count(page_view) >= 2 and count(purchase) >= 1");
        await TrackAsync(new { customerId = "cookie-1", type = "page_view", eventId = "pv-1" });
        await TrackAsync(new { customerId = "cookie-1", type = "page_view" });
        await TrackAsync(new { customerId = "user-1", type = "purchase", value = 20 });

        var (response, body) = await client.PostJsonAsync("/v1/identify", new { anonymousId = "cookie-1", customerId = "user-1" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("merged", body!["status"]!.GetValue<string>());
        Assert.Equal(["browsing-buyer"], body["segments"].Strings());
        Assert.Equal(["browsing-buyer"], (await client.GetNodeAsync("/v1/customers/cookie-1/segments"))["segments"].Strings());
        Assert.Equal("user-1", (await client.GetNodeAsync("/v1/customers/cookie-1"))["customerId"]!.GetValue<string>());

        var redelivered = await TrackAsync(new { customerId = "cookie-1", type = "page_view", eventId = "pv-1" });
        Assert.True(redelivered["duplicate"]!.GetValue<bool>());
        await TrackAsync(new { customerId = "cookie-1", type = "page_view" });
        Assert.Equal(3, (await client.GetNodeAsync("/v1/customers/user-1"))["counters"]!["page_view"]!["count"]!.GetValue<int>());

        var (_, again) = await client.PostJsonAsync("/v1/identify", new { anonymousId = "cookie-1", customerId = "user-1" });
        Assert.Equal("alreadyMerged", again!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_event_carrying_an_anonymous_id_merges_it_first()
    {
        await TrackAsync(new { customerId = "cookie-2", type = "add_to_cart", value = 5 });

        await TrackAsync(new { customerId = "user-2", anonymousId = "cookie-2", type = "purchase", value = 5 });
        var (_, batch) = await client.PostJsonAsync("/v1/events", new { events = new object[]
        {
            new { customerId = "user-3", anonymousId = "cookie-3", type = "page_view" },
            new { customerId = "user-2", anonymousId = "cookie-2", type = "page_view" },
        } });

        Assert.Equal(2, batch!["accepted"]!.GetValue<int>());
        var counters = (await client.GetNodeAsync("/v1/customers/user-2"))["counters"]!;
        Assert.Equal(1, counters["add_to_cart"]!["count"]!.GetValue<int>());
        Assert.Equal(1, counters["purchase"]!["count"]!.GetValue<int>());
        Assert.Equal(1, counters["page_view"]!["count"]!.GetValue<int>());
        Assert.Equal("user-3", (await client.GetNodeAsync("/v1/customers/cookie-3"))["customerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Offers_read_through_an_alias_are_the_known_customers()
    {
        var (defined, _) = await client.SendJsonAsync(HttpMethod.Put, "/v1/campaigns/welcome-cart",
            """{"trigger":{"onEvent":"add_to_cart"},"offer":{"title":"Free shipping"},"scope":"ttl","ttl":"1d"}""");
        Assert.True(defined.IsSuccessStatusCode, $"campaign: HTTP {(int)defined.StatusCode}");
        await TrackAsync(new { customerId = "cookie-offer", type = "add_to_cart", value = 5 });
        // The campaign hears of the event one-way, so the offer is made just after the event's answer.
        var made = OfferIds(await client.GetNodeAsync("/v1/customers/cookie-offer/offers"));
        for (var attempt = 0; made.Length == 0 && attempt < 100; attempt++)
        {
            await Task.Delay(100);
            made = OfferIds(await client.GetNodeAsync("/v1/customers/cookie-offer/offers"));
        }

        var offerId = Assert.Single(made);

        var (identified, _) = await client.PostJsonAsync("/v1/identify", new { anonymousId = "cookie-offer", customerId = "user-offer" });
        Assert.Equal(HttpStatusCode.OK, identified.StatusCode);

        // The offer moved to the customer, and every read through the alias finds it there.
        Assert.Equal([offerId], OfferIds(await client.GetNodeAsync("/v1/customers/user-offer/offers")));
        Assert.Equal([offerId], OfferIds(await client.GetNodeAsync("/v1/customers/cookie-offer/offers")));
        Assert.Equal([offerId], OfferIds(await client.GetNodeAsync("/v1/customers/cookie-offer/segments")));
        var (dismissed, _) = await client.SendJsonAsync(HttpMethod.Post, $"/v1/customers/cookie-offer/offers/{offerId}/dismissed");
        Assert.True(dismissed.IsSuccessStatusCode, $"dismissing through the alias: HTTP {(int)dismissed.StatusCode}");
        Assert.Empty(OfferIds(await client.GetNodeAsync("/v1/customers/user-offer/offers")));

        static string[] OfferIds(JsonNode body) => [.. body["offers"]!.AsArray().Select(offer => offer!["offerId"]!.GetValue<string>())];
    }

    [Theory]
    [InlineData("{\"customerId\":\"u\"}", "anonymousId")]
    [InlineData("{\"anonymousId\":\"a\"}", "customerId")]
    [InlineData("{\"anonymousId\":\"u\",\"customerId\":\"u\"}", "anonymousId")]
    [InlineData("{\"anonymousId\":\"a b\",\"customerId\":\"u\"}", "anonymousId")]
    [InlineData("{\"anonymousId\":\"a\",\"customerId\":\"u\",\"mergeKnownCustomers\":\"yes\"}", "mergeKnownCustomers")]
    [InlineData("{\"anonymousId\":\"a\",\"customerId\":\"u\",\"extra\":1}", "extra")]
    public async Task A_bad_identify_is_refused_naming_its_field(string json, string field)
    {
        var (response, body) = await client.SendJsonAsync(HttpMethod.Post, "/v1/identify", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body!["errors"]![field]);
    }

    [Fact]
    public async Task An_event_whose_anonymous_id_equals_its_customer_id_is_refused()
    {
        var (response, body) = await client.PostJsonAsync("/v1/events", new { customerId = "same", anonymousId = "same", type = "page_view" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body!["errors"]!["anonymousId"]);
    }

    [Fact]
    public async Task Merging_a_known_customer_needs_the_flag()
    {
        await client.PostJsonAsync("/v1/identify", new { anonymousId = "cookie-k", customerId = "known-a" });

        var (refused, problem) = await client.PostJsonAsync("/v1/identify", new { anonymousId = "known-a", customerId = "known-b" });
        var (merged, _) = await client.PostJsonAsync("/v1/identify", new { anonymousId = "known-a", customerId = "known-b", mergeKnownCustomers = true });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("mergeKnownCustomers", problem!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        Assert.Equal("known-b", (await client.GetNodeAsync("/v1/customers/cookie-k"))["customerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_alias_limit_is_configurable_and_past_it_an_identify_is_refused()
    {
        using var limited = host.WithWebHostBuilder(builder => builder.UseSetting("Identity:MaxAliasesPerCustomer", "2"));
        var limitedClient = limited.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            var (ok, _) = await limitedClient.PostJsonAsync("/v1/identify", new { anonymousId = $"device-{i}", customerId = "many" });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var (response, body) = await limitedClient.PostJsonAsync("/v1/identify", new { anonymousId = "device-2", customerId = "many" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("(2, Identity:MaxAliasesPerCustomer)", body!["errors"]!["anonymousId"]![0]!.GetValue<string>());
    }

    private async Task<System.Text.Json.Nodes.JsonNode> TrackAsync(object e)
    {
        var (response, body) = await client.PostJsonAsync("/v1/events", e);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body!;
    }

    private async Task DefineSegmentAsync(string id, string rule)
    {
        var (response, _) = await client.SendJsonAsync(HttpMethod.Put, $"/v1/segments/{id}", System.Text.Json.JsonSerializer.Serialize(new { name = id, rule }));
        response.EnsureSuccessStatusCode();
    }
}
