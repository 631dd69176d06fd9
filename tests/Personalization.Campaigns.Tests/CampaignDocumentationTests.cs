using System.Net;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Personalization.Testing;

namespace Personalization.Campaigns.Tests;

/// <summary>Every ```json campaign block of docs/campaigns.md is PUT as written and read back as it was meant.</summary>
public sealed partial class CampaignDocumentationTests(CampaignHost host) : IClassFixture<CampaignHost>
{
    private static readonly string[] SameAsWritten = ["name", "description", "trigger", "audience", "offer", "scope", "ttl", "caps", "conversion"];

    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        foreach (Match block in CampaignBlock().Matches(File.ReadAllText(RepositoryFiles.InRepository(Path.Combine("docs", "campaigns.md")))))
        {
            data.Add(block.Groups["id"].Value, block.Groups["json"].Value);
        }

        return data;
    }

    [Fact]
    public void The_document_shows_the_four_automations()
    {
        Assert.Equal(
            ["welcome-new-visitors", "abandoned-cart-reminder", "shoe-sale-notice", "anniversary-discount"],
            Examples().Select(row => (string)row[0]));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task An_example_campaign_is_accepted_as_written(string id, string json)
    {
        var client = host.CreateClient();
        var (response, body) = await client.SendJsonAsync(HttpMethod.Put, $"/v1/campaigns/{id}", json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"PUT {id} answered {(int)response.StatusCode}: {body}");

        var written = JsonNode.Parse(json)!.AsObject();
        var stored = await client.GetNodeAsync($"/v1/campaigns/{id}");
        foreach (var field in SameAsWritten.Where(written.ContainsKey))
        {
            Assert.True(JsonNode.DeepEquals(written[field], stored[field]), $"{id}.{field}: wrote {written[field]}, read {stored[field]}");
        }

        foreach (var field in new[] { "startsAt", "endsAt" }.Where(written.ContainsKey))
        {
            Assert.Equal(written[field]!.GetValue<DateTimeOffset>(), stored[field]!.GetValue<DateTimeOffset>());
        }

        if (written["variants"] is JsonArray variants)
        {
            Assert.Equal(
                variants.Select(v => (v!["id"]!.GetValue<string>(), v["weight"]!.GetValue<int>(), v["control"]?.GetValue<bool>() ?? false, v["offer"]?.ToJsonString())),
                stored["variants"]!.AsArray().Select(v => (v!["id"]!.GetValue<string>(), v["weight"]!.GetValue<int>(), v["control"]!.GetValue<bool>(), v["offer"]?.ToJsonString())));
        }

        if (written["webhook"] is JsonObject webhook)
        {
            Assert.Equal(webhook["url"]!.GetValue<string>(), stored["webhook"]!["url"]!.GetValue<string>());
            Assert.True(stored["webhook"]!["secretSet"]!.GetValue<bool>());
        }
    }

    /// <summary>Each example, stored again under another id, exposes a customer who does what it was written for, once.</summary>
    [Fact]
    public async Task Each_example_exposes_the_customer_it_was_written_for()
    {
        var client = host.CreateClient();
        await Settle.DefineProbeAsync(client);
        foreach (var row in Examples())
        {
            await client.PutCampaignAsync($"{row[0]}-live", (string)row[1]);
        }

        (string Example, Func<string, Task> Act)[] scenarios =
        [
            ("welcome-new-visitors", customer => client.TrackAsync(customer, "page_view", sessionId: "s1")),
            ("abandoned-cart-reminder", customer => client.TrackAsync(customer, "add_to_cart", sessionId: "s1")),
            ("shoe-sale-notice", async customer =>
            {
                // The audience wants three page views in 30 days; the first two trigger but do not qualify.
                for (var i = 0; i < 3; i++)
                {
                    await client.TrackAsync(customer, "page_view", properties: new { category = "shoes" });
                }
            }),
            ("anniversary-discount", async customer =>
            {
                for (var i = 0; i < 4; i++)
                {
                    await client.TrackAsync(customer, "purchase", value: 150);
                }

                await client.TrackAsync(customer, "account_anniversary");
            }),
        ];
        foreach (var (example, act) in scenarios)
        {
            var customer = $"doc-{example}";
            await act(customer);
            await Settle.CustomerAsync(client, customer);
            Assert.True(await ScopeAndCapTests.ExposuresAsync(client, $"{example}-live") == 1, $"{example} did not expose {customer} once");
        }
    }

    [GeneratedRegex("```json campaign id=(?<id>[a-z0-9-]+)\\n(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CampaignBlock();
}
