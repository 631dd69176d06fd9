using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Personalization.Host.Tests.Security;

/// <summary>
/// A shop's page served from two origins (Kestrel on two free loopback ports). The page holds the snippet README's
/// "Browser keys" shows, as <c>personalize(engine, key, visitorId)</c>: post an event, then read the visitor's
/// segments; it answers the segments and the lookup's status, or the error <c>fetch</c> rejected with.
/// </summary>
public sealed class ShopPages : IAsyncDisposable
{
    private const string Page = """
        <!doctype html>
        <html>
        <head><meta charset="utf-8"><title>Shop</title></head>
        <body>
        <script>
        async function personalize(engine, key, visitorId) {
          const headers = { Authorization: `Bearer ${key}`, "Content-Type": "application/json" };
          try {
            await fetch(`${engine}/v1/events`, { method: "POST", headers,
              body: JSON.stringify({ customerId: visitorId, type: "add_to_cart", sessionId: "s1" }) });
            const lookup = await fetch(`${engine}/v1/customers/${encodeURIComponent(visitorId)}/segments`, { headers });
            const { segments } = await lookup.json();
            return { status: lookup.status, segments, error: null };
          } catch (e) {
            return { status: 0, segments: [], error: String(e) };
          }
        }
        </script>
        </body>
        </html>
        """;

    private readonly WebApplication app;

    private ShopPages(WebApplication app, Uri first, Uri second)
    {
        this.app = app;
        First = first;
        Second = second;
    }

    /// <summary>The page's address on the first origin.</summary>
    public Uri First { get; }

    /// <summary>The page's address on the second origin.</summary>
    public Uri Second { get; }

    public static async Task<ShopPages> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.MapGet("/shop", () => Results.Content(Page, "text/html; charset=utf-8"));
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(new Uri(address), "/shop")).ToList();
        return new ShopPages(app, addresses[0], addresses[1]);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
