using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Personalization.Campaigns.Tests;

/// <summary>JSON over HTTP as the tests speak it, and the campaign API's requests by name.</summary>
internal static class Api
{
    public static async Task<JsonNode> PutCampaignAsync(this HttpClient client, string id, string json)
    {
        var (response, body) = await client.SendJsonAsync(HttpMethod.Put, $"/v1/campaigns/{id}", json);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"PUT campaign {id} answered {(int)response.StatusCode}: {body}");
        return body!;
    }

    public static Task<JsonNode> PutCampaignAsync(this HttpClient client, string id, object campaign) =>
        client.PutCampaignAsync(id, JsonSerializer.Serialize(campaign, JsonSerializerOptions.Web));

    /// <summary>Tracks one event; <paramref name="at"/> sets its timestamp (the engine's time when absent).</summary>
    public static async Task<JsonNode> TrackAsync(this HttpClient client, string customerId, string type, string? sessionId = null, double? value = null, object? properties = null, DateTimeOffset? at = null)
    {
        var body = new Dictionary<string, object?> { ["customerId"] = customerId, ["type"] = type };
        if (sessionId is not null)
        {
            body["sessionId"] = sessionId;
        }

        if (value is not null)
        {
            body["value"] = value;
        }

        if (properties is not null)
        {
            body["properties"] = properties;
        }

        if (at is not null)
        {
            body["timestamp"] = at.Value.ToString("O");
        }

        var (response, answer) = await client.SendJsonAsync(HttpMethod.Post, "/v1/events", JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
        Assert.True(response.IsSuccessStatusCode, $"event {type} of {customerId} answered {(int)response.StatusCode}: {answer}");
        return answer!;
    }

    public static async Task<JsonArray> OffersAsync(this HttpClient client, string customerId) =>
        (await client.GetNodeAsync($"/v1/customers/{customerId}/offers"))["offers"]!.AsArray();

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> OutcomeAsync(this HttpClient client, string customerId, string offerId, string outcome)
    {
        var (response, body) = await client.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{customerId}/offers/{offerId}/{outcome}");
        return (response.StatusCode, body);
    }

    public static string[] Strings(this JsonNode? node) => [.. node!.AsArray().Select(n => n!.GetValue<string>())];

    /// <summary>Polls until <paramref name="done"/> holds, for effects that arrive through one-way calls.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what} did not happen in time; last seen: {value}");
            }

            await Task.Delay(20);
        }
    }
}
