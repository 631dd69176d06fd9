using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Personalization.Host.Http;

namespace Personalization.Host.Tests;

/// <summary>
/// The README's limits table over HTTP: each limit is accepted at its value and refused one past it, with a 400
/// problem naming the field, and a refused request changes nothing. The values are written out here rather than read
/// from <see cref="ApiLimits"/>, so a changed limit fails until the README and this test agree with it.
/// </summary>
public sealed class LimitTests(EmptyCatalogHostFactory host) : IClassFixture<EmptyCatalogHostFactory>
{
    private readonly HttpClient client = host.CreateClient();

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public async Task An_event_holds_at_most_64_properties(int count, bool accepted)
    {
        var customerId = $"props-{count}";
        var properties = Enumerable.Range(0, count).ToDictionary(i => $"p{i}", i => (object)i);

        var (response, body) = await client.PostJsonAsync("/v1/events", new { customerId, type = "page_view", properties });

        await AssertAcceptedOrRefusedAsync(response, body, accepted, "properties", "at most 64 properties", customerId);
    }

    [Theory]
    [InlineData(256, true)]
    [InlineData(257, false)]
    public async Task A_profile_request_holds_at_most_256_attributes(int count, bool accepted)
    {
        var customerId = $"attrs-{count}";
        var attributes = Enumerable.Range(0, count).ToDictionary(i => $"a{i}", i => (object)i);

        var (response, body) = await client.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{customerId}/profile", JsonSerializer.Serialize(attributes));

        await AssertAcceptedOrRefusedAsync(response, body, accepted, "body", "at most 256 attributes", customerId);
    }

    [Theory]
    [InlineData(1024, true)]
    [InlineData(1025, false)]
    public async Task A_profile_string_holds_at_most_1024_characters(int length, bool accepted)
    {
        var customerId = $"string-{length}";
        var (response, body) = await client.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{customerId}/profile",
            JsonSerializer.Serialize(new { nickname = new string('n', length) }));

        await AssertAcceptedOrRefusedAsync(response, body, accepted, "nickname", "at most 1024 characters", customerId);
    }

    [Theory]
    [InlineData(1024, true)]
    [InlineData(1025, false)]
    public async Task An_event_property_string_holds_at_most_1024_characters(int length, bool accepted)
    {
        var customerId = $"prop-string-{length}";
        var (response, body) = await client.PostJsonAsync("/v1/events",
            new { customerId, type = "page_view", properties = new { note = new string('n', length) } });

        await AssertAcceptedOrRefusedAsync(response, body, accepted, "properties.note", "at most 1024 characters", customerId);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public async Task A_profile_list_holds_at_most_100_strings(int count, bool accepted)
    {
        var customerId = $"list-{count}";
        var (response, body) = await client.SendJsonAsync(HttpMethod.Put, $"/v1/customers/{customerId}/profile",
            JsonSerializer.Serialize(new { interests = Enumerable.Range(0, count).Select(i => $"i{i}").ToArray() }));

        await AssertAcceptedOrRefusedAsync(response, body, accepted, "interests", "at most 100 items", customerId);
    }

    private async Task AssertAcceptedOrRefusedAsync(HttpResponseMessage response, JsonNode? body, bool accepted, string field, string reason, string customerId)
    {
        var customer = await client.GetNodeAsync($"/v1/customers/{customerId}");
        var stored = customer["profile"]!.AsObject().Count + customer["counters"]!.AsObject().Count;
        if (accepted)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(stored > 0, $"{customerId}: accepted, yet nothing was stored: {customer.ToJsonString()}");
            return;
        }

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = body!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"the problem does not name '{field}': {body.ToJsonString()}");
        Assert.Contains(reason, errors[field]![0]!.GetValue<string>());
        Assert.Equal(0, stored);
    }
}
