using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Personalization.Campaigns.Tests;

/// <summary>What the page told the test, and when the test heard it (a <see cref="Stopwatch"/> timestamp).</summary>
public sealed record PageReport(string Kind, string Detail, long HeardAt);

/// <summary>
/// The host on real Kestrel, also serving a small shop page (same origin as the SSE endpoint, so no CORS is involved)
/// that opens the visitor's stream, renders offers into the page and tells the test what it rendered by POSTing to
/// /test/report.
/// </summary>
public sealed class BrowserHost : CampaignHost
{
    private const string Page = """
        <!doctype html>
        <html>
        <head><meta charset="utf-8"><title>Shop</title></head>
        <body>
        <p id="segments"></p>
        <div id="offers"></div>
        <script>
        const customer = new URLSearchParams(location.search).get("customer");
        const base = `/v1/customers/${encodeURIComponent(customer)}`;
        const report = (kind, detail) => fetch("/test/report", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ kind, detail }),
        });
        const stream = new EventSource(`${base}/stream`);
        let opened = false;
        stream.addEventListener("segments", e => {
          const change = JSON.parse(e.data);
          document.getElementById("segments").textContent = change.segments.join(",");
          report(opened ? "segments" : "open", change.segments.join(","));
          opened = true;
        });
        stream.addEventListener("offer", e => {
          const offer = JSON.parse(e.data);
          const card = document.createElement("div");
          card.id = `offer-${offer.offerId}`;
          card.textContent = `${offer.content.title} ${offer.content.code}`;
          document.getElementById("offers").append(card);
          report("offer", document.getElementById(card.id).textContent);
          fetch(`${base}/offers/${offer.offerId}/shown`, { method: "POST" });
        });
        stream.onerror = () => report("error", String(stream.readyState));
        </script>
        </body>
        </html>
        """;

    private readonly ConcurrentQueue<PageReport> reports = new();

    public BrowserHost() => WithServices(services => services.AddSingleton<IStartupFilter>(new PageRoutes(reports)));

    /// <summary>The first report of <paramref name="kind"/>; its time is when it arrived, not when this call saw it.</summary>
    public async Task<PageReport> ReportAsync(string kind, TimeSpan timeout, Func<string> diagnostics)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (reports.FirstOrDefault(r => r.Kind == kind) is { } report)
            {
                return report;
            }

            await Task.Delay(10);
        }

        Assert.Fail($"the page did not report '{kind}' within {timeout}; it reported [{string.Join("; ", reports)}]; browser output:\n{diagnostics()}");
        throw new TimeoutException();
    }

    private sealed class PageRoutes(ConcurrentQueue<PageReport> reports) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path == "/test/page")
                {
                    context.Response.ContentType = "text/html; charset=utf-8";
                    await context.Response.WriteAsync(Page);
                }
                else if (context.Request.Path == "/test/report" && HttpMethods.IsPost(context.Request.Method))
                {
                    var heardAt = Stopwatch.GetTimestamp();
                    var body = (await JsonNode.ParseAsync(context.Request.Body))!;
                    reports.Enqueue(new PageReport(body["kind"]!.GetValue<string>(), body["detail"]!.GetValue<string>(), heardAt));
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                }
                else
                {
                    await nextMiddleware(context);
                }
            });
            next(app);
        };
    }
}

/// <summary>
/// The live stream in a real browser: headless Chromium on a page served by the test. How long the offer took to reach
/// the page is printed, not bounded: Chromium and the host share two cores with other test projects, so the test waits
/// for the page's report with a deadline that only ends a broken run.
/// </summary>
public sealed class BrowserTests(BrowserHost host, ITestOutputHelper output) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task An_offer_is_pushed_to_the_open_page_by_the_event_that_makes_the_visitor_a_cart_abandoner()
    {
        var origin = host.StartOnSocket();
        using var client = new HttpClient { BaseAddress = origin };
        await client.PutCampaignAsync("cart-reminder", new JsonObject
        {
            ["trigger"] = new JsonObject { ["onEnter"] = "cart-abandoner" },
            ["offer"] = new JsonObject { ["title"] = "Still thinking it over?", ["code"] = "CART5" },
            ["scope"] = "session",
        }.ToJsonString());

        using var browser = Chromium.Open(new Uri(origin, "/test/page?customer=browser-1"));
        var opened = await host.ReportAsync("open", TimeSpan.FromSeconds(60), () => browser.Output);
        Assert.DoesNotContain("cart-abandoner", opened.Detail);

        await client.TrackAsync("browser-1", "page_view", sessionId: "s1");
        var sent = Stopwatch.GetTimestamp();
        var answer = await client.TrackAsync("browser-1", "add_to_cart", sessionId: "s1");
        Assert.Contains("cart-abandoner", answer["segments"].Strings());

        var offer = await host.ReportAsync("offer", TimeSpan.FromSeconds(30), () => browser.Output);
        output.WriteLine($"the offer reached the page {Stopwatch.GetElapsedTime(sent, offer.HeardAt).TotalMilliseconds:0} ms after the event was sent");
        Assert.Equal("Still thinking it over? CART5", offer.Detail);

        // The segment change came over the same stream, and the page's "shown" reached the report.
        var segments = await host.ReportAsync("segments", TimeSpan.FromSeconds(10), () => browser.Output);
        Assert.Contains("cart-abandoner", segments.Detail.Split(','));
        await Api.EventuallyAsync(
            async () => (await client.GetNodeAsync("/v1/campaigns/cart-reminder/report"))["variants"]![0]!["shown"]!.GetValue<long>(),
            shown => shown == 1,
            "the page's acknowledgement");
    }
}
