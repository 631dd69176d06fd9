using Microsoft.Playwright;

namespace Personalization.Console.Tests;

/// <summary>Headless Debian Chromium driven by Playwright (no browser download), one per test class.</summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Chromium { get; private set; } = default!;

    /// <summary>
    /// How long an action, a navigation or an expectation may wait. Generous because the suite's projects run side by
    /// side on two cores: a save and the page it opens took over 30 s at a load average of 30. A test that works waits
    /// only as long as the page needs.
    /// </summary>
    private const float PatienceMilliseconds = 120_000;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(PatienceMilliseconds);
        playwright = await Playwright.CreateAsync();
        Chromium = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = HeadlessChromium.ExecutablePath,
            Headless = true,
            Args = HeadlessChromium.Switches,
        });
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        playwright?.Dispose();
    }

    /// <summary>A fresh page (its own cookies) <paramref name="width"/> pixels wide.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280)
    {
        var context = await Chromium.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = width > 600 ? 900 : 844 } });
        context.SetDefaultTimeout(PatienceMilliseconds);
        context.SetDefaultNavigationTimeout(PatienceMilliseconds);
        return await context.NewPageAsync();
    }
}

/// <summary>How the tests wait for the console: a page is usable once the Blazor circuit is up.</summary>
internal static class ConsolePage
{
    /// <summary>Opens the page and waits until it is interactive and has loaded its data (which pages load over the circuit).</summary>
    public static async Task OpenAsync(this IPage page, string url)
    {
        await page.GotoAsync(url);
        await WaitForCircuitAsync(page);
        await WaitForDataAsync(page);
    }

    /// <summary>A page shows a progress bar while it loads its data over the circuit.</summary>
    public static Task WaitForDataAsync(IPage page) =>
        Assertions.Expect(page.Locator(".mud-progress-linear")).ToHaveCountAsync(0);

    /// <summary>The layout marks itself <c>data-interactive="yes"</c> once it renders over the circuit.</summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
}
