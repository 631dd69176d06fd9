using System.Text.Json.Nodes;

namespace Personalization.Campaigns.Tests;

/// <summary>
/// Campaign work follows an event through one-way calls, so "no offer was made" can only be asserted once the
/// customer's campaign grain has handled the event. A probe event, sent after it, triggers a probe campaign: once the
/// probe's offer is there, everything the customer did before it has been handled too.
/// </summary>
internal static class Settle
{
    public const string ProbeEvent = "settle_probe";

    public static async Task DefineProbeAsync(HttpClient client) =>
        await client.PutCampaignAsync("settle-probe", new JsonObject
        {
            ["trigger"] = new JsonObject { ["onEvent"] = ProbeEvent },
            ["offer"] = new JsonObject { ["probe"] = true },
            ["scope"] = "ttl",
            ["ttl"] = "90d",
            ["conversion"] = new JsonObject { ["eventType"] = "settle_probe_conversion" },
        }.ToJsonString());

    public static async Task CustomerAsync(HttpClient client, string customerId)
    {
        var before = ProbeOffer(await client.OffersAsync(customerId));
        await client.TrackAsync(customerId, ProbeEvent);
        await Api.EventuallyAsync(
            async () => ProbeOffer(await client.OffersAsync(customerId)),
            probe => probe is not null && probe != before,
            $"the probe offer of {customerId}");
    }

    /// <summary>The customer's offers other than the probe's.</summary>
    public static async Task<JsonNode[]> OffersAsync(HttpClient client, string customerId) =>
        [.. (await client.OffersAsync(customerId)).Where(o => o!["campaignId"]!.GetValue<string>() != "settle-probe").Select(o => o!)];

    private static string? ProbeOffer(JsonArray offers) =>
        offers.FirstOrDefault(o => o!["campaignId"]!.GetValue<string>() == "settle-probe")?["offerId"]!.GetValue<string>();
}
