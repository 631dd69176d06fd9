using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Personalization.Testing;

namespace Personalization.Host.Tests.Forecasts;

/// <summary>
/// A fit samples up to <c>Forecasts:MaxSampleSize</c> customers (100,000 by default) from the customer directory's
/// pages: with 20,000 buyers, more than one page per shard holds, every one of them is in the fit.
/// </summary>
public sealed class PurchaseModelSampleTests(TwentyThousandBuyersHostFactory host) : IClassFixture<TwentyThousandBuyersHostFactory>
{
    private const int Buyers = 20_000;

    private readonly HttpClient client = host.CreateClient();

    [Fact]
    public async Task A_fit_samples_every_one_of_twenty_thousand_buyers()
    {
        var now = host.Clock.GetUtcNow();
        foreach (var chunk in Enumerable.Range(0, Buyers).Chunk(500))
        {
            // Two purchases each, the first 30 to 329 days ago and the second 0 to 29 days after it.
            var events = chunk.SelectMany(i => new[]
            {
                new { customerId = $"buyer-{i}", type = "purchase", value = 10.0 + i % 90, timestamp = now.AddDays(-30 - i % 300) },
                new { customerId = $"buyer-{i}", type = "purchase", value = 20.0 + i % 70, timestamp = now.AddDays(-30 - i % 300 + i % 30) },
            }).ToArray();
            var (response, body) = await client.PostJsonAsync("/v1/events", new { events });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(events.Length, body!["accepted"]!.GetValue<int>());
        }

        var (fitted, fit) = await client.PostJsonAsync("/v1/models/purchases/fit", new { });

        Assert.Equal(HttpStatusCode.OK, fitted.StatusCode);
        Assert.Equal(Buyers, fit!["sampleSize"]!.GetValue<int>());
        // Every 30th buyer bought twice on one day, one transaction: no repeat purchase to value.
        Assert.Equal(Buyers - Enumerable.Range(0, Buyers).Count(i => i % 30 == 0), fit["spendSampleSize"]!.GetValue<int>());
    }
}

/// <summary>
/// An empty catalog, and time to stop: the silo deactivates the test's 20,000 customers as the host stops, which on a
/// busy two-core machine can take longer than the default 30 s shutdown timeout.
/// </summary>
public sealed class TwentyThousandBuyersHostFactory() : HostFactory(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), loadExamples: false)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromMinutes(3)));
    }
}
