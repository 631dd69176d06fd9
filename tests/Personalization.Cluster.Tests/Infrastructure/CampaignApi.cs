using System.Net.Http.Json;

namespace Personalization.Cluster.Tests.Infrastructure;

/// <summary>Campaigns defined through a host's HTTP API, as a marketer would.</summary>
internal static class CampaignApi
{
    /// <summary>
    /// A running campaign that offers <paramref name="title"/> to whoever views the product <paramref name="sku"/>; the
    /// trigger is that narrow so other tests sharing the cluster see no offers from it.
    /// </summary>
    public static async Task OfferOnProductViewAsync(ClusterHost host, string campaignId, string sku, string title, string code)
    {
        var campaign = new
        {
            name = title,
            trigger = new { onEvent = "page_view", rule = $"sku == \"{sku}\"" },
            offer = new { title, code },
            scope = "ttl",
            ttl = "1d",
        };
        using var response = await host.Http.PutAsJsonAsync($"/v1/campaigns/{campaignId}", campaign);
        Assert.True(response.IsSuccessStatusCode, $"PUT /v1/campaigns/{campaignId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Repeats <paramref name="attempt"/> until it returns true, for at most 20 s: each silo picks up a new campaign on
    /// its next catalog poll, and offers are made one-way after the event that earns them.
    /// </summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> attempt)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (await attempt())
            {
                return true;
            }

            await Task.Delay(250);
        }

        return false;
    }
}
