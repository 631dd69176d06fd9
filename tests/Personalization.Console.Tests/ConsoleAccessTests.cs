using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Personalization.Console.Security;
using Personalization.Security;

namespace Personalization.Console.Tests;

/// <summary>On a protected host the console signs in with an API key and shows only what the key's scopes allow.</summary>
public sealed class ConsoleAccessTests(ProtectedConsoleHostFactory host, Browser browser) : IClassFixture<ProtectedConsoleHostFactory>, IClassFixture<Browser>
{
    [Fact]
    public async Task Without_a_key_a_page_sends_the_browser_to_sign_in_and_an_unknown_key_is_refused()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(host.Address) };
        var response = await client.GetAsync("/console/segments");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith($"{host.Address}/console/sign-in", response.Headers.Location!.ToString());
        var csv = await client.GetAsync("/console/segments/high-value/members.csv");
        Assert.Equal(HttpStatusCode.Redirect, csv.StatusCode);

        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{host.Address}/console/sign-in");
        await page.Locator("#api-key").FillAsync("pz_sk_" + new string('A', 43));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("does not accept that key");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == ConsoleAuthentication.CookieName);
    }

    [Fact]
    public async Task A_catalog_reader_sees_segments_and_campaigns_but_not_customers_nor_the_editors_and_the_key_is_held_in_a_protected_cookie()
    {
        var reader = await host.CreateKeyAsync("console reader", [ApiScopes.CatalogRead]);
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{host.Address}/console/segments");
        await page.WaitForURLAsync(url => url.Contains("/console/sign-in"));
        await page.Locator("#api-key").FillAsync(reader);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync($"{host.Address}/console/segments");
        await ConsolePage.WaitForCircuitAsync(page);

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "high-value", Exact = false }).First).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByText("New segment").CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Customers" }).CountAsync());
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == ConsoleAuthentication.CookieName);
        Assert.True(cookie.HttpOnly);
        Assert.DoesNotContain(reader, Uri.UnescapeDataString(cookie.Value));

        // Campaigns are listed without the editor, whose page the key may not open.
        await page.OpenAsync($"{host.Address}/console/campaigns");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Campaigns");
        Assert.Equal(0, await page.GetByTestId("new-campaign").CountAsync());
        await page.GotoAsync($"{host.Address}/console/campaigns/new");
        await page.WaitForURLAsync(url => url.Contains("/console/sign-in"));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("lacks the scope");

        // A page its scopes do not allow sends it back to sign in with another key.
        await page.GotoAsync($"{host.Address}/console/customers/alice");
        await page.WaitForURLAsync(url => url.Contains("/console/sign-in"));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("lacks the scope");

        // Revoking the key ends the console's session at the next page load.
        using var admin = host.Api();
        var keys = await admin.GetNodeAsync("/v1/keys");
        var id = keys["keys"]!.AsArray().Single(k => k!["name"]!.GetValue<string>() == "console reader")!["id"]!.GetValue<string>();
        Assert.True((await admin.DeleteAsync($"/v1/keys/{id}")).IsSuccessStatusCode);
        await page.GotoAsync($"{host.Address}/console/segments");
        await page.WaitForURLAsync(url => url.Contains("/console/sign-in"));
    }

    [Fact]
    public void Every_console_endpoint_is_marked_and_authorized_by_the_console_scheme_or_is_the_sign_in_or_sign_out()
    {
        _ = host.Address; // starts the host on its socket, as the other tests of the class need it
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var console = endpoints.Where(e => e.Metadata.GetMetadata<ConsoleEndpoint>() is not null).ToList();
        var unmarked = endpoints.Where(e => e.Metadata.GetMetadata<ConsoleEndpoint>() is null && e.RoutePattern.RawText!.TrimStart('/').StartsWith("console", StringComparison.Ordinal));

        Assert.Empty(unmarked.Select(e => e.RoutePattern.RawText));
        Assert.Contains(console, e => e.RoutePattern.RawText == "/console/segments");
        foreach (var endpoint in console)
        {
            var pattern = endpoint.RoutePattern.RawText!;
            var authorization = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                Assert.Contains(pattern, new[] { ConsolePaths.SignIn, ConsolePaths.SignOut });
                continue;
            }

            Assert.Contains(authorization, a => a.AuthenticationSchemes == ConsoleAuthentication.SchemeName);
        }
    }
}
