using Microsoft.Playwright;

namespace Personalization.Console.Tests;

/// <summary>
/// The segment editor in headless Chromium on a stored segment: the builder shows its rule, the history diffs and
/// restores a version, and the save is in the audit trail as PUT /v1/segments/{id} records it.
/// </summary>
public sealed class SegmentEditorPageTests(ConsoleHostFactory host, Browser browser) : IClassFixture<ConsoleHostFactory>, IClassFixture<Browser>
{
    /// <summary>The builder's subject inputs: the element with the test id, or the input inside it.</summary>
    private const string Subjects = "input[data-testid=builder-subject], [data-testid=builder-subject] input";

    [Fact]
    public async Task A_restored_version_is_diffed_saved_as_the_next_version_and_audited_as_the_API_audits_a_save()
    {
        using var api = host.Api();
        foreach (var rule in new[] { "country == \"CZ\" and count(purchase, 30d) >= 2", "country == \"SK\"" })
        {
            var (response, body) = await api.SendJsonAsync(HttpMethod.Put, "/v1/segments/editor-history", $$"""{"name":"History","rule":{{System.Text.Json.JsonSerializer.Serialize(rule)}}}""");
            Assert.True(response.IsSuccessStatusCode, body?.ToJsonString());
        }

        var page = await browser.NewPageAsync();
        await page.OpenAsync($"{host.Address}/console/segments/editor-history/edit");
        await Assertions.Expect(page.Locator("#segment-rule")).ToHaveValueAsync("country == \"SK\"");
        await page.GetByText("Visual builder").ClickAsync();
        await Assertions.Expect(page.Locator(Subjects)).ToHaveValueAsync("country");
        await Assertions.Expect(page.Locator("input[data-testid=builder-value], [data-testid=builder-value] input")).ToHaveValueAsync("SK");

        await page.GetByRole(AriaRole.Button, new() { Name = "Diff" }).Last.ClickAsync();
        await Assertions.Expect(page.GetByTestId("version-diff")).ToContainTextAsync("- country == \"CZ\" and count(purchase, 30d) >= 2");
        await Assertions.Expect(page.GetByTestId("version-diff")).ToContainTextAsync("+ country == \"SK\"");
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore" }).Last.ClickAsync();
        await Assertions.Expect(page.Locator("#segment-rule")).ToHaveValueAsync("country == \"CZ\" and count(purchase, 30d) >= 2");
        await Assertions.Expect(page.Locator(Subjects)).ToHaveCountAsync(2);

        await page.GetByTestId("save-segment").ClickAsync();
        await page.WaitForURLAsync($"{host.Address}/console/segments/editor-history");
        var saved = await api.GetNodeAsync("/v1/segments/editor-history");
        Assert.Equal("country == \"CZ\" and count(purchase, 30d) >= 2", saved["rule"]!.GetValue<string>());
        Assert.Equal(3, saved["version"]!.GetValue<long>());

        var entries = (await api.GetNodeAsync("/v1/audit?limit=1000"))["entries"]!.AsArray()
            .Where(e => e!["target"]!.GetValue<string>() == "segments/editor-history").ToList();
        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.Equal("segment.saved", e!["action"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.Equal("open", e!["keyId"]!.GetValue<string>()));
        Assert.Equal([(null, 1L), (1L, 2L), (2L, 3L)], entries.Select(e => (e!["versionBefore"]?.GetValue<long>(), e["versionAfter"]!.GetValue<long>())));
    }
}
