using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Personalization.Security;

namespace Personalization.Host.Tests.Security;

/// <summary>A protected host on Kestrel at 127.0.0.1 and a free port, so a browser can call it.</summary>
public sealed class SocketSecuredHostFactory : SecuredHostFactory
{
    /// <summary>Starts the host on its socket and answers its base address, without a trailing slash.</summary>
    public string StartOnSocket()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
    }
}

/// <summary>CORS for browser keys in a real browser: headless Debian Chromium driven by Playwright.</summary>
public sealed class BrowserCorsTests(SocketSecuredHostFactory host) : IClassFixture<SocketSecuredHostFactory>
{
    /// <summary>What the page's <c>personalize</c> answered.</summary>
    private sealed class PageAnswer
    {
        public int Status { get; set; }

        public string[] Segments { get; set; } = [];

        public string? Error { get; set; }
    }

    [Fact]
    public async Task A_page_from_the_keys_origin_reads_segments_and_posts_events_and_a_page_from_another_origin_is_blocked()
    {
        var engine = host.StartOnSocket();
        await using var pages = await ShopPages.StartAsync();
        var allowedOrigin = pages.First.GetLeftPart(UriPartial.Authority);
        var created = await host.CreateKeyAsync("shop pages", [ApiScopes.EventsWrite, ApiScopes.SegmentsRead], isPublic: true, allowedOrigins: [allowedOrigin]);
        var key = created["key"]!.GetValue<string>();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = HeadlessChromium.ExecutablePath,
            Headless = true,
            Args = HeadlessChromium.Switches,
        });
        var allowed = await PersonalizeAsync(browser, pages.First, engine, key, "browser-allowed");
        var blocked = await PersonalizeAsync(browser, pages.Second, engine, key, "browser-blocked");

        Assert.Null(allowed.Error);
        Assert.Equal(200, allowed.Status);
        Assert.Contains("cart-abandoner", allowed.Segments);
        Assert.NotNull(blocked.Error);
        Assert.StartsWith("TypeError", blocked.Error);

        // The blocked page's event never reached the engine: its preflight got no CORS answer, so the POST was not sent.
        using var admin = host.ClientWith(host.BootstrapKey);
        var allowedProfile = await admin.GetStringAsync("/v1/customers/browser-allowed");
        var blockedProfile = await admin.GetStringAsync("/v1/customers/browser-blocked");
        Assert.Contains("add_to_cart", allowedProfile);
        Assert.DoesNotContain("add_to_cart", blockedProfile);
    }

    private static async Task<PageAnswer> PersonalizeAsync(IBrowser browser, Uri page, string engine, string key, string visitorId)
    {
        await using var context = await browser.NewContextAsync();
        var tab = await context.NewPageAsync();
        await tab.GotoAsync(page.ToString());
        return await tab.EvaluateAsync<PageAnswer>("([engine, key, visitorId]) => personalize(engine, key, visitorId)", new[] { engine, key, visitorId });
    }
}
