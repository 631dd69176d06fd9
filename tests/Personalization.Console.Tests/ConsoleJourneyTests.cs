using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Personalization.Console.Tests;

/// <summary>
/// The console end to end in headless Chromium against an open host on loopback: what it shows equals what the HTTP API
/// answers for the same engine.
/// </summary>
public sealed class ConsoleJourneyTests(ConsoleHostFactory host, Browser browser) : IClassFixture<ConsoleHostFactory>, IClassFixture<Browser>
{
    [Fact]
    public async Task A_segment_built_with_the_visual_builder_previews_as_the_API_saves_and_lists_a_new_member_in_its_size()
    {
        using var api = host.Api();
        foreach (var (id, age) in new[] { ("journey-ann", 41), ("journey-bob", 25), ("journey-cyd", 35) })
        {
            await TrackAsync(api, id, "page_view");
            await api.SendJsonAsync(HttpMethod.Patch, $"/v1/customers/{id}/profile", $$"""{"age":{{age}}}""");
        }

        var page = await browser.NewPageAsync();
        await page.OpenAsync($"{host.Address}/console/segments/new");
        await page.Locator("#segment-id").FillAsync("journey-over-30");
        await page.Locator("#segment-name").FillAsync("Over 30");
        await page.GetByText("Visual builder").ClickAsync();
        await page.GetByLabel("Attribute").FillAsync("age");
        await page.GetByLabel("Value").FillAsync("30");
        await page.GetByTestId("builder-write").ClickAsync();

        await Assertions.Expect(page.Locator("#segment-rule")).ToHaveValueAsync("age >= 30");
        var shown = await page.GetByTestId("preview-count").Locator("strong").TextContentAsync();
        var (_, preview) = await api.SendJsonAsync(HttpMethod.Post, "/v1/segments/preview", """{"rule":"age >= 30"}""");
        Assert.Equal(preview!["matching"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), shown);
        Assert.True(preview["matching"]!.GetValue<int>() >= 2);

        await page.GetByTestId("save-segment").ClickAsync();
        await page.WaitForURLAsync($"{host.Address}/console/segments/journey-over-30");
        var saved = await api.GetNodeAsync("/v1/segments/journey-over-30");
        Assert.Equal("age >= 30", saved["rule"]!.GetValue<string>());

        // A customer who becomes a member through the API appears in the members list, and the size moves with it.
        await TrackAsync(api, "journey-dee", "page_view");
        await api.SendJsonAsync(HttpMethod.Patch, "/v1/customers/journey-dee/profile", """{"age":52}""");
        var size = await EventuallyAsync(async () =>
        {
            await page.OpenAsync($"{host.Address}/console/segments/journey-over-30");
            var members = await page.GetByTestId("member-list").InnerTextAsync();
            return members.Contains("journey-dee") ? await page.GetByTestId("detail-size").Locator("strong").TextContentAsync() : null;
        });
        var stats = await api.GetNodeAsync("/v1/segments/journey-over-30/stats");
        Assert.Equal(stats["size"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), size);
        Assert.True(stats["size"]!.GetValue<int>() >= 3);
        Assert.Contains(stats["hours"]!.AsArray(), hour => hour!["entries"]!.GetValue<int>() > 0);
        await Assertions.Expect(page.GetByTestId("size-chart").Locator("svg")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_customer_page_shows_the_segments_the_API_answers()
    {
        using var api = host.Api();
        await TrackAsync(api, "journey-eve", "add_to_cart", value: 80);
        var expected = (await api.GetNodeAsync("/v1/customers/journey-eve/segments"))["segments"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();

        var page = await browser.NewPageAsync();
        await page.OpenAsync($"{host.Address}/console/customers/journey-eve");
        // The layout turns interactive before the page has loaded the customer: wait for its chips, then read them.
        var chips = page.GetByTestId("customer-segments").Locator("[data-segment]");
        await Assertions.Expect(chips).ToHaveCountAsync(expected.Count);
        var shown = await chips.EvaluateAllAsync<string[]>("chips => chips.map(c => c.dataset.segment)");

        Assert.NotEmpty(expected);
        Assert.Equal(expected, shown);
        await Assertions.Expect(page.GetByText("add_to_cart").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_campaign_report_shows_the_numbers_of_the_API_report()
    {
        using var api = host.Api();
        var (put, body) = await api.SendJsonAsync(HttpMethod.Put, "/v1/campaigns/journey-test", """
            {"name":"Journey test","trigger":{"onEvent":"page_view"},"offer":{"title":"10% off"},
             "variants":[{"id":"control","weight":1,"control":true},{"id":"discount","weight":1}],
             "conversion":{"eventType":"purchase","window":"7d"}}
            """);
        Assert.True(put.IsSuccessStatusCode, body?.ToJsonString());
        for (var i = 0; i < 12; i++)
        {
            await TrackAsync(api, $"journey-campaign-{i}", "page_view");
            if (i % 3 == 0)
            {
                await TrackAsync(api, $"journey-campaign-{i}", "purchase", value: 20 + i);
            }
        }

        var report = await EventuallyAsync(async () =>
        {
            var current = await api.GetNodeAsync("/v1/campaigns/journey-test/report");
            var variants = current["variants"]!.AsArray();
            return variants.Sum(v => v!["exposures"]!.GetValue<long>()) == 12 && variants.Sum(v => v!["conversions"]!.GetValue<long>()) == 4 ? current : null;
        });

        var page = await browser.NewPageAsync();
        await page.OpenAsync($"{host.Address}/console/campaigns/journey-test");
        foreach (var variant in report["variants"]!.AsArray())
        {
            var row = page.Locator($"tr[data-variant='{variant!["variant"]!.GetValue<string>()}']");
            foreach (var field in new[] { "exposures", "shown", "clicked", "conversions" })
            {
                Assert.Equal(variant[field]!.GetValue<long>().ToString(CultureInfo.InvariantCulture), await row.Locator($"[data-field={field}]").TextContentAsync());
            }

            Assert.Equal(variant["revenue"]!.GetValue<decimal>().ToString("0.##", CultureInfo.InvariantCulture), await row.Locator("[data-field=revenue]").TextContentAsync());
            var rate = variant["conversionRate"]?.GetValue<double>();
            Assert.Equal(rate is { } r ? (r * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %" : "–", await row.Locator("[data-field=conversionRate]").TextContentAsync());
        }
    }

    private static async Task TrackAsync(HttpClient api, string customerId, string type, double? value = null)
    {
        var json = new JsonObject { ["customerId"] = customerId, ["type"] = type, ["sessionId"] = $"{customerId}-s1" };
        if (value is { } v)
        {
            json["value"] = v;
        }

        var (response, body) = await api.SendJsonAsync(HttpMethod.Post, "/v1/events", json.ToJsonString());
        Assert.True(response.IsSuccessStatusCode, body?.ToJsonString());
    }

    /// <summary>Asks until the answer is not null: membership stats and reports arrive through streams, a moment later.</summary>
    internal static async Task<T> EventuallyAsync<T>(Func<Task<T?>> attempt) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            if (await attempt() is { } answer)
            {
                return answer;
            }

            Assert.True(DateTime.UtcNow < deadline, "the expected state did not arrive within 120 s");
            await Task.Delay(250);
        }
    }
}
