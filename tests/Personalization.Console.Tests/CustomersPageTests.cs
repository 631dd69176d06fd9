using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Personalization.Console.Tests;

/// <summary>The customer page in headless Chromium: recent events as a timeline, and erasure confirmed and audited as the HTTP API audits it.</summary>
public sealed class CustomersPageTests(ConsoleHostFactory host, Browser browser) : IClassFixture<ConsoleHostFactory>, IClassFixture<Browser>
{
    [Fact]
    public async Task The_timeline_shows_the_customers_recent_events_newest_first()
    {
        using var api = host.Api();
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        var sent = new[] { ("page_view", 0, (double?)null), ("add_to_cart", 5, 80.0), ("page_view", 10, null), ("purchase", 20, 42.5) };
        foreach (var (type, minutes, value) in sent)
        {
            await TrackAsync(api, "timeline-ann", type, start.AddMinutes(minutes), value);
        }

        var page = await browser.NewPageAsync();
        await page.OpenAsync($"{host.Address}/console/customers/timeline-ann");
        var shown = await page.GetByTestId("customer-timeline").Locator("[data-event-type]").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.eventType)");

        Assert.Equal(["purchase", "page_view", "add_to_cart", "page_view"], shown);
        await Assertions.Expect(page.GetByTestId("customer-timeline").Locator("[data-event-type=purchase]")).ToContainTextAsync("42.5");
        await Assertions.Expect(page.GetByTestId("customer-timeline")).ToContainTextAsync(start.AddMinutes(20).ToString("yyyy-MM-dd HH:mm:ss"));
    }

    [Fact]
    public async Task Erasing_asks_first_then_erases_and_is_audited_as_the_HTTP_erase_is()
    {
        using var api = host.Api();
        await TrackAsync(api, "erase-by-console", "page_view", DateTimeOffset.UtcNow, null);
        await TrackAsync(api, "erase-by-api", "page_view", DateTimeOffset.UtcNow, null);

        var page = await browser.NewPageAsync();
        await page.OpenAsync($"{host.Address}/console/customers/erase-by-console");
        await page.GetByTestId("erase").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        Assert.NotEmpty((await api.GetNodeAsync("/v1/customers/erase-by-console"))["counters"]!.AsObject());

        await page.GetByTestId("erase").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Erase" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Erased erase-by-console")).ToBeVisibleAsync();
        Assert.Empty((await api.GetNodeAsync("/v1/customers/erase-by-console"))["counters"]!.AsObject());

        Assert.True((await api.DeleteAsync("/v1/customers/erase-by-api")).IsSuccessStatusCode);
        var entries = (await api.GetNodeAsync("/v1/audit?limit=1000"))["entries"]!.AsArray();
        var byConsole = Assert.Single(entries, e => e!["target"]!.GetValue<string>() == "customers/sha256:" + Sha256Hex("erase-by-console"));
        var byApi = Assert.Single(entries, e => e!["target"]!.GetValue<string>() == "customers/sha256:" + Sha256Hex("erase-by-api"));
        foreach (var field in new[] { "action", "keyId", "versionBefore", "versionAfter" })
        {
            Assert.True(JsonNode.DeepEquals(byApi![field], byConsole![field]), $"{field}: API {byApi[field]?.ToJsonString()}, console {byConsole[field]?.ToJsonString()}");
        }

        Assert.DoesNotContain(entries, e => e!.ToJsonString().Contains("erase-by-console", StringComparison.Ordinal));
    }

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static async Task TrackAsync(HttpClient api, string customerId, string type, DateTimeOffset at, double? value)
    {
        var json = new JsonObject { ["customerId"] = customerId, ["type"] = type, ["sessionId"] = $"{customerId}-s1", ["timestamp"] = at.ToString("O") };
        if (value is { } v)
        {
            json["value"] = v;
        }

        var (response, body) = await api.SendJsonAsync(HttpMethod.Post, "/v1/events", json.ToJsonString());
        Assert.True(response.IsSuccessStatusCode, body?.ToJsonString());
    }
}
