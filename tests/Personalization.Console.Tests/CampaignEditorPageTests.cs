using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Personalization.Console.Tests;

/// <summary>
/// The campaign editor in headless Chromium: what it stores is what GET /v1/campaigns/{id} answers, its refusals are the
/// HTTP API's reasons under the same fields, and its saves are in the audit trail as the API's are.
/// </summary>
public sealed class CampaignEditorPageTests(WebhookHostFactory host, Browser browser) : IClassFixture<WebhookHostFactory>, IClassFixture<Browser>
{
    [Fact]
    public async Task A_campaign_with_a_control_variant_created_in_the_editor_reads_back_from_the_API_as_entered_and_is_audited()
    {
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"{host.Address}/console/campaigns");
        await page.GetByTestId("new-campaign").ClickAsync();
        await page.WaitForURLAsync($"{host.Address}/console/campaigns/new");
        await ConsolePage.WaitForCircuitAsync(page);
        await ConsolePage.WaitForDataAsync(page);

        await page.Locator("#campaign-id").FillAsync("editor-welcome");
        await page.Locator("#campaign-name").FillAsync("Editor welcome");
        await page.Locator("#campaign-description").FillAsync("Made in the console");
        await page.Locator("#campaign-trigger-target").FillAsync("new-visitor");
        await page.Locator("#campaign-audience").FillAsync("count(page_view, 7d) >= 1");
        await page.Locator("#campaign-offer").FillAsync("""{"title": "Welcome", "code": "HELLO10"}""");
        await page.Locator("#campaign-cap-customer-count").FillAsync("2");
        await page.Locator("#campaign-cap-customer-period").FillAsync("1d");
        await page.Locator("#campaign-cap-global-count").FillAsync("500");
        await page.Locator("#campaign-cap-global-period").FillAsync("1h");
        await page.Locator("#campaign-starts").FillAsync("2026-12-01T00:00:00Z");
        await page.Locator("#campaign-ends").FillAsync("2027-01-01T00:00:00Z");
        await page.Locator("#campaign-conversion-event").FillAsync("purchase");
        await page.Locator("#campaign-conversion-window").FillAsync("3d");
        await page.Locator("#variant-0-id").FillAsync("treatment");
        await page.Locator("#variant-0-weight").FillAsync("3");
        await page.GetByTestId("add-variant").ClickAsync();
        await page.Locator("#variant-1-id").FillAsync("holdout");
        await page.Locator("#variant-1-weight").FillAsync("1");
        await page.GetByTestId("variant-1-control").ClickAsync();
        await Assertions.Expect(page.Locator("#variant-1-offer")).ToHaveCountAsync(0);
        await page.Locator("#campaign-webhook-url").FillAsync($"https://{WebhookHostFactory.AllowedHost}/offers");
        await page.Locator("#campaign-webhook-secret").FillAsync("a-webhook-secret-of-enough-length");
        await page.GetByTestId("save-campaign").ClickAsync();
        await page.WaitForURLAsync($"{host.Address}/console/campaigns/editor-welcome");

        using var api = host.Api();
        var stored = await api.GetNodeAsync("/v1/campaigns/editor-welcome");
        var expected = JsonNode.Parse($$$"""
            {"id":"editor-welcome","name":"Editor welcome","description":"Made in the console","enabled":true,
             "trigger":{"onEnter":"new-visitor"},"audience":"count(page_view, 7d) >= 1",
             "offer":{"title":"Welcome","code":"HELLO10"},"scope":"session",
             "caps":{"perCustomer":{"count":2,"period":"1d"},"global":{"count":500,"period":"1h"}},
             "conversion":{"eventType":"purchase","window":"3d"},
             "variants":[{"id":"treatment","weight":3,"control":false},{"id":"holdout","weight":1,"control":true}],
             "webhook":{"url":"https://{{{WebhookHostFactory.AllowedHost}}}/offers","secretSet":true}}
            """)!.AsObject();
        foreach (var (field, value) in expected)
        {
            Assert.True(JsonNode.DeepEquals(value, stored[field]), $"{field}: expected {value?.ToJsonString()}, stored {stored[field]?.ToJsonString()}");
        }

        Assert.Equal(DateTimeOffset.Parse("2026-12-01T00:00:00Z"), stored["startsAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(DateTimeOffset.Parse("2027-01-01T00:00:00Z"), stored["endsAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(1, stored["version"]!.GetValue<long>());

        // The same audit entry as PUT /v1/campaigns/{id} writes: who, what, and the versions before and after.
        var entries = (await api.GetNodeAsync("/v1/audit?limit=1000"))["entries"]!.AsArray();
        var entry = Assert.Single(entries, e => e!["target"]!.GetValue<string>() == "campaigns/editor-welcome");
        Assert.Equal("campaign.saved", entry!["action"]!.GetValue<string>());
        Assert.Equal("open", entry["keyId"]!.GetValue<string>());
        Assert.Null(entry["versionBefore"]?.GetValue<long?>());
        Assert.Equal(1, entry["versionAfter"]!.GetValue<long>());

        // Editing keeps the stored webhook secret when none is typed, and counts a version.
        await page.GetByTestId("edit-campaign").ClickAsync();
        await page.WaitForURLAsync($"{host.Address}/console/campaigns/editor-welcome/edit");
        await ConsolePage.WaitForCircuitAsync(page);
        await ConsolePage.WaitForDataAsync(page);
        await Assertions.Expect(page.Locator("#variant-0-weight")).ToHaveValueAsync("3");
        await page.Locator("#variant-0-weight").FillAsync("2");
        await page.GetByTestId("save-campaign").ClickAsync();
        await page.WaitForURLAsync($"{host.Address}/console/campaigns/editor-welcome");
        var edited = await api.GetNodeAsync("/v1/campaigns/editor-welcome");
        Assert.Equal(2, edited["variants"]![0]!["weight"]!.GetValue<int>());
        Assert.Equal(2, edited["version"]!.GetValue<long>());
        Assert.True(edited["webhook"]!["secretSet"]!.GetValue<bool>());
        entries = (await api.GetNodeAsync("/v1/audit?limit=1000"))["entries"]!.AsArray();
        Assert.Contains(entries, e => e!["target"]!.GetValue<string>() == "campaigns/editor-welcome" && e["versionBefore"]?.GetValue<long>() == 1 && e["versionAfter"]?.GetValue<long>() == 2);
    }

    [Fact]
    public async Task A_refused_campaign_shows_the_reasons_the_API_gives_under_the_same_fields_and_stores_nothing()
    {
        var page = await browser.NewPageAsync();
        await page.OpenAsync($"{host.Address}/console/campaigns/new");
        await page.Locator("#campaign-id").FillAsync("editor-refused");
        await page.Locator("#campaign-trigger-target").FillAsync("no-such-segment");
        await page.Locator("#campaign-offer").FillAsync("""{"title": "Hi"}""");
        await page.Locator("#campaign-starts").FillAsync("2027-01-01T00:00:00Z");
        await page.Locator("#campaign-ends").FillAsync("2026-12-01T00:00:00Z");
        await page.Locator("#variant-0-weight").FillAsync("0");
        await page.GetByTestId("save-campaign").ClickAsync();

        using var api = host.Api();
        var (response, problem) = await api.SendJsonAsync(HttpMethod.Put, "/v1/campaigns/editor-refused", """
            {"trigger":{"onEnter":"no-such-segment"},"offer":{"title":"Hi"},"scope":"session","enabled":true,
             "startsAt":"2027-01-01T00:00:00Z","endsAt":"2026-12-01T00:00:00Z","variants":[{"id":"offer","weight":0,"control":false}]}
            """);
        Assert.Equal(400, (int)response.StatusCode);
        var errors = problem!["errors"]!.AsObject();
        Assert.Equal(["endsAt", "variants[0].weight"], errors.Select(e => e.Key).Order());
        await Assertions.Expect(page.GetByText(errors["endsAt"]![0]!.GetValue<string>())).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(errors["variants[0].weight"]![0]!.GetValue<string>())).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("campaign-errors")).ToContainTextAsync(problem["title"]!.GetValue<string>());

        // Fixed, the next refusal is the unknown segment the trigger names, under the trigger's field.
        await page.Locator("#campaign-ends").FillAsync("2027-02-01T00:00:00Z");
        await page.Locator("#variant-0-weight").FillAsync("1");
        await page.GetByTestId("save-campaign").ClickAsync();
        await Assertions.Expect(page.GetByText("there is no segment 'no-such-segment'")).ToBeVisibleAsync();
        Assert.Equal(404, (int)(await api.GetAsync("/v1/campaigns/editor-refused")).StatusCode);
    }
}
