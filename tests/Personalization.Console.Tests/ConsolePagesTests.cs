using System.Diagnostics;
using System.Text.Json.Nodes;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Personalization.Console.Tests;

/// <summary>An open host holding 100 segments and 10,000 customers, as the console's cost is stated for.</summary>
public sealed class PopulatedHostFactory : ConsoleHostFactory, IAsyncLifetime
{
    public const int Segments = 100;
    public const int Customers = 10_000;

    public async Task InitializeAsync()
    {
        using var api = Api();
        for (var i = 0; i < Segments - 4; i++)
        {
            var (response, body) = await api.SendJsonAsync(HttpMethod.Put, $"/v1/segments/bulk-{i:000}",
                $$"""{"name":"Bulk {{i}}","rule":"count(page_view, {{i + 1}}d) >= {{1 + i % 3}}"}""");
            Assert.True(response.IsSuccessStatusCode, body?.ToJsonString());
        }

        for (var batch = 0; batch < Customers / 1000; batch++)
        {
            var events = new JsonArray();
            for (var i = 0; i < 1000; i++)
            {
                var id = $"shopper-{batch * 1000 + i:00000}";
                events.Add(new JsonObject { ["customerId"] = id, ["type"] = "page_view", ["sessionId"] = id + "-s" });
            }

            var (response, body) = await api.SendJsonAsync(HttpMethod.Post, "/v1/events", new JsonObject { ["events"] = events }.ToJsonString());
            Assert.True(response.IsSuccessStatusCode, body?.ToJsonString());
        }

        var (campaign, answer) = await api.SendJsonAsync(HttpMethod.Put, "/v1/campaigns/welcome", """
            {"name":"Welcome","trigger":{"onEnter":"new-visitor"},"offer":{"title":"Welcome"},
             "variants":[{"id":"control","weight":1,"control":true},{"id":"welcome","weight":1}]}
            """);
        Assert.True(campaign.IsSuccessStatusCode, answer?.ToJsonString());
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// Every page of the console at 1280 and 390 px: no serious or critical axe violation, a screenshot under
/// TestResults/console, and the time to its first render (the prerendered page with its heading) and to complete
/// (interactive, its data loaded) reported, each bounded generously: the machine is shared.
/// </summary>
public sealed class ConsolePagesTests(PopulatedHostFactory host, Browser browser, ITestOutputHelper output)
    : IClassFixture<PopulatedHostFactory>, IClassFixture<Browser>
{
    public static readonly TheoryData<string, string> Pages = new()
    {
        { "segments", "/console/segments" },
        { "segment-editor", "/console/segments/new" },
        { "segment-detail", "/console/segments/new-visitor" },
        { "customer", "/console/customers/shopper-00042" },
        { "campaigns", "/console/campaigns" },
        { "campaign-report", "/console/campaigns/welcome" },
        { "campaign-editor", "/console/campaigns/welcome/edit" },
        { "live", "/console/live" },
        { "sign-in", "/console/sign-in" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_page_renders_within_bounds_and_has_no_serious_accessibility_violation_at_either_width(string name, string path)
    {
        foreach (var width in new[] { 1280, 390 })
        {
            var page = await browser.NewPageAsync(width);
            // The tab is on the host's origin before the clock starts, so Chromium's start of a renderer process for a
            // new site is not counted as the page's time.
            await page.GotoAsync(host.Address + "/health/live");
            var started = Stopwatch.GetTimestamp();
            // First render: the server's prerendered page, its heading in the browser (not waiting for scripts to load).
            await page.GotoAsync(host.Address + path, new() { WaitUntil = WaitUntilState.Commit });
            await page.Locator("h1").First.WaitForAsync();
            var firstRender = Stopwatch.GetElapsedTime(started);
            if (name != "sign-in")
            {
                // Complete: interactive, and the circuit's own load of the page's data (a progress bar meanwhile) done.
                await ConsolePage.WaitForCircuitAsync(page);
                await ConsolePage.WaitForDataAsync(page);
            }

            var complete = Stopwatch.GetElapsedTime(started);

            output.WriteLine($"{name} at {width} px: first render {firstRender.TotalMilliseconds:0} ms, complete {complete.TotalMilliseconds:0} ms ({PopulatedHostFactory.Segments} segments, {PopulatedHostFactory.Customers:N0} customers, load average {LoadAverage()})");
            Assert.True(firstRender < TimeSpan.FromSeconds(10), $"{name} took {firstRender.TotalMilliseconds:0} ms to its first render");
            Assert.True(complete < TimeSpan.FromSeconds(10), $"{name} took {complete.TotalMilliseconds:0} ms to render completely");

            var directory = RepositoryFiles.InRepository(Path.Combine("TestResults", "console"));
            Directory.CreateDirectory(directory);
            await page.ScreenshotAsync(new() { Path = Path.Combine(directory, $"{name}-{width}.png"), FullPage = true });

            var results = await page.RunAxe();
            var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, $"{name} at {width} px: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target.ToString()))}")));
            await page.Context.CloseAsync();
        }
    }

    /// <summary>The machine's 1-minute load average (Linux), as the figures depend on it: "?" elsewhere.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
