using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Personalization.Campaigns.Tests;

/// <summary>Retries wait a predictable 100, 200, 400 ms (no jitter), so the backoff itself can be checked.</summary>
public sealed class WebhookHost : CampaignHost
{
    public const string Secret = "receiver-shared-secret-1234";

    public WebhookHost()
    {
        With("Campaigns:WebhookFirstRetryDelay", "00:00:00.100");
        With("Campaigns:WebhookRetryJitter", "false");
        With("Campaigns:WebhookMaxAttempts", "4");
        With("Campaigns:WebhookAttemptTimeout", "00:00:15");
    }

    public static string Campaign(string eventType, Uri receiver) => new JsonObject
    {
        ["trigger"] = new JsonObject { ["onEvent"] = eventType },
        ["offer"] = new JsonObject { ["title"] = "Welcome", ["code"] = "WELCOME10" },
        ["scope"] = "ttl",
        ["ttl"] = "1d",
        ["webhook"] = new JsonObject { ["url"] = receiver.ToString(), ["secret"] = Secret },
    }.ToJsonString();

    /// <summary>The signature computed here from the documented scheme, not by the engine's own code.</summary>
    public static string ExpectedSignature(string timestamp, byte[] body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed));
    }
}

/// <summary>Webhook deliveries against a local receiver that fails, refuses or answers.</summary>
public sealed class WebhookTests(WebhookHost host) : IClassFixture<WebhookHost>
{
    [Fact]
    public async Task A_receiver_failing_the_first_three_attempts_gets_the_same_signed_delivery_on_the_fourth_after_waits_of_100_200_and_400_ms()
    {
        var client = host.CreateClient();
        await using var receiver = await WebhookReceiver.FailingFirstAsync(3);
        await client.PutCampaignAsync("hook-retry", WebhookHost.Campaign("hook_retry", receiver.Url));
        var delivered = host.Webhooks.Delivered;

        await client.TrackAsync("hook-customer-1", "hook_retry");
        await Api.EventuallyAsync(() => Task.FromResult(host.Webhooks.Delivered), d => d == delivered + 1, "the delivery");

        var attempts = receiver.Received;
        Assert.Equal([1, 2, 3, 4], attempts.Select(a => a.Attempt));
        Assert.Single(attempts.Select(a => a.DeliveryId).Distinct());
        Assert.All(attempts, a => Assert.Equal(attempts[0].Body, a.Body));
        Assert.All(attempts, a => Assert.Equal(WebhookHost.ExpectedSignature(a.Timestamp!, a.Body), a.Signature));
        Assert.All(attempts, a => Assert.StartsWith("application/json", a.ContentType));
        Assert.Equal(host.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(), attempts[3].Timestamp);

        // Exponential backoff: 100, 200 and 400 ms before the second, third and fourth attempts. Three waits tell
        // doubling from a linear step (which would wait 300 ms before the fourth). A timer may fire a millisecond
        // early, so the lower bounds leave 5 %; a loaded machine may fire it late, so the upper bounds leave 2 s, which
        // still catches a wait in the wrong unit or a delay that grows faster than doubling from the first.
        var waits = attempts.Zip(attempts.Skip(1), (before, after) => Stopwatch.GetElapsedTime(before.ReceivedAt, after.ReceivedAt)).ToArray();
        var expected = new[] { 100, 200, 400 }.Select(ms => TimeSpan.FromMilliseconds(ms)).ToArray();
        var shown = string.Join(", ", waits.Select(w => $"{w.TotalMilliseconds:0.0} ms"));
        for (var retry = 0; retry < expected.Length; retry++)
        {
            Assert.True(waits[retry] >= expected[retry] * 0.95, $"wait {retry + 1} too short: {shown}");
            Assert.True(waits[retry] <= expected[retry] + TimeSpan.FromSeconds(2), $"wait {retry + 1} too long: {shown}");
        }

        var body = JsonNode.Parse(attempts[3].Body)!;
        var offer = Assert.Single(await client.OffersAsync("hook-customer-1"))!;
        Assert.Equal("offer", body["type"]!.GetValue<string>());
        Assert.Equal("hook-retry", body["campaignId"]!.GetValue<string>());
        Assert.Equal("hook-customer-1", body["customerId"]!.GetValue<string>());
        Assert.Equal(offer["offerId"]!.GetValue<string>(), body["offerId"]!.GetValue<string>());
        Assert.Equal(attempts[0].DeliveryId, body["deliveryId"]!.GetValue<string>());
        Assert.Equal("WELCOME10", body["offer"]!["code"]!.GetValue<string>());
        Assert.Empty(await DeadLettersAsync(client, "hook-retry"));
    }

    /// <summary>5xx is retried until the attempts run out; a 400 would be refused again, so it is final at once.</summary>
    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, 4)]
    [InlineData(HttpStatusCode.BadRequest, 1)]
    public async Task A_receiver_that_keeps_failing_leaves_a_dead_letter_in_the_API_after_the_attempts_its_answer_allows(HttpStatusCode status, int attempts)
    {
        var client = host.CreateClient();
        var campaignId = $"hook-dead-{(int)status}";
        var customerId = $"hook-customer-{(int)status}";
        await using var receiver = await WebhookReceiver.FailingFirstAsync(int.MaxValue, status);
        await client.PutCampaignAsync(campaignId, WebhookHost.Campaign($"hook_dead_{(int)status}", receiver.Url));

        await client.TrackAsync(customerId, $"hook_dead_{(int)status}");
        var letter = (await Api.EventuallyAsync(() => DeadLettersAsync(client, campaignId), l => l.Count == 1, "the dead letter"))[0]!;

        Assert.Equal(Enumerable.Range(1, attempts), receiver.Received.Select(a => a.Attempt));
        Assert.Equal(attempts, letter["attempts"]!.GetValue<int>());
        Assert.Equal((int)status, letter["statusCode"]!.GetValue<int>());
        Assert.Contains(((int)status).ToString(), letter["error"]!.GetValue<string>());
        Assert.Equal(customerId, letter["customerId"]!.GetValue<string>());
        Assert.Equal(receiver.Url.ToString(), letter["url"]!.GetValue<string>());
        Assert.Equal(receiver.Received[0].DeliveryId, letter["deliveryId"]!.GetValue<string>());
        Assert.Equal(Encoding.UTF8.GetString(receiver.Received[^1].Body), letter["body"]!.GetValue<string>());
        var offer = Assert.Single(await client.OffersAsync(customerId))!;
        Assert.Equal(offer["offerId"]!.GetValue<string>(), letter["offerId"]!.GetValue<string>());
    }

    internal static async Task<JsonArray> DeadLettersAsync(HttpClient client, string campaignId) =>
        (await client.GetNodeAsync($"/v1/campaigns/{campaignId}/dead-letters"))["deadLetters"]!.AsArray();
}

/// <summary>Two webhook workers, four queued deliveries, and attempts that may hang for a minute.</summary>
public sealed class HangingReceiverHost : CampaignHost
{
    public const int Workers = 2;
    public const int QueueCapacity = 4;

    public HangingReceiverHost()
    {
        With("Campaigns:WebhookConcurrency", Workers.ToString());
        With("Campaigns:WebhookQueueCapacity", QueueCapacity.ToString());
        With("Campaigns:WebhookAttemptTimeout", "00:01:00");
        With("Campaigns:WebhookMaxAttempts", "1");
    }
}

public sealed class WebhookIngestTests(HangingReceiverHost host) : IClassFixture<HangingReceiverHost>
{
    [Fact]
    public async Task Events_keep_being_accepted_while_the_receiver_hangs_and_deliveries_past_the_queue_become_dead_letters()
    {
        const int customers = 12;
        var client = host.CreateClient();
        await using var receiver = await WebhookReceiver.StartAsync(_ => null);
        await client.PutCampaignAsync("hook-hang", WebhookHost.Campaign("hook_hang", receiver.Url));

        // Every event is answered while the receiver holds the requests it got; a generous bound, far below the
        // attempt timeout, tells "accepted at once" from "waited for the receiver".
        for (var i = 0; i < customers; i++)
        {
            var answer = await client.TrackAsync($"hang-{i}", "hook_hang").WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotNull(answer["segments"]);
        }

        var overflow = customers - HangingReceiverHost.Workers - HangingReceiverHost.QueueCapacity;
        var letters = await Api.EventuallyAsync(() => WebhookTests.DeadLettersAsync(client, "hook-hang"), l => l.Count == overflow, "the overflowing deliveries' dead letters");
        Assert.All(letters, l => Assert.Equal(0, l!["attempts"]!.GetValue<int>()));
        Assert.All(letters, l => Assert.Contains("queue", l!["error"]!.GetValue<string>()));
        await Api.EventuallyAsync(() => Task.FromResult(receiver.Hanging), h => h == HangingReceiverHost.Workers, "both workers' requests held by the receiver");
        Assert.Equal(HangingReceiverHost.QueueCapacity, host.Webhooks.Queued);

        // Events are still accepted with the queue full and both workers stuck.
        await client.TrackAsync("hang-late", "page_view").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HangingReceiverHost.Workers, receiver.Received.Count);

        receiver.ReleaseHanging();
        await Api.EventuallyAsync(() => Task.FromResult(host.Webhooks.Delivered), d => d == HangingReceiverHost.Workers + HangingReceiverHost.QueueCapacity, "the held and queued deliveries");
        Assert.Equal(customers - overflow, receiver.Received.Select(r => r.DeliveryId).Distinct().Count());
    }
}
