using System.Net;
using System.Text.Json.Nodes;

namespace Personalization.Campaigns.Tests;

/// <summary>A bandit campaign through the API: stored and read back, limits refused by field, customers exposed and kept in their first variant.</summary>
public sealed class BanditCampaignTests(CampaignHost host) : IClassFixture<CampaignHost>
{
    [Fact]
    public async Task A_bandit_campaign_is_stored_read_back_and_exposes_customers()
    {
        var client = host.CreateClient();
        var campaign = new JsonObject
        {
            ["trigger"] = new JsonObject { ["onEvent"] = "promo_bandit" },
            ["offer"] = new JsonObject { ["title"] = "Hello" },
            ["variants"] = new JsonArray(
                new JsonObject { ["id"] = "one", ["weight"] = 1 },
                new JsonObject { ["id"] = "two", ["weight"] = 1 }),
            ["bandit"] = new JsonObject { ["updateInterval"] = "1h" },
        };
        var saved = await client.PutCampaignAsync("bandit-campaign", campaign.ToJsonString());
        Assert.Equal("1h", saved["bandit"]!["updateInterval"]!.GetValue<string>());

        campaign["bandit"] = new JsonObject { ["updateInterval"] = "30d" };
        var (status, problem) = await client.SendJsonAsync(HttpMethod.Put, "/v1/campaigns/bandit-campaign", campaign.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, status.StatusCode);
        Assert.NotNull(problem!["errors"]!["bandit.updateInterval"]);

        var exposed = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var id = $"bandit-{i:D2}";
            await client.TrackAsync(id, "promo_bandit");
            exposed.Add(id);
        }

        var report = await Api.EventuallyAsync(
            () => client.GetNodeAsync("/v1/campaigns/bandit-campaign/report"),
            r => Exposures(r) == exposed.Count,
            "every bandit exposure");
        Assert.Equal("bandit", report["methods"]!["allocation"]!.GetValue<string>());
        Assert.Null(report["sampleRatio"]);

        // A customer keeps its first variant when exposed again.
        var first = (await client.OffersAsync(exposed[0]))[0]!["variant"]!.GetValue<string>();
        await client.TrackAsync(exposed[0], "promo_bandit");
        await Api.EventuallyAsync(
            () => client.GetNodeAsync("/v1/campaigns/bandit-campaign/report"),
            r => Exposures(r) == exposed.Count + 1,
            "the second exposure");
        Assert.Equal(first, (await client.OffersAsync(exposed[0]))[0]!["variant"]!.GetValue<string>());
    }

    private static long Exposures(JsonNode report) => report["variants"]!.AsArray().Sum(r => r!["exposures"]!.GetValue<long>());
}
