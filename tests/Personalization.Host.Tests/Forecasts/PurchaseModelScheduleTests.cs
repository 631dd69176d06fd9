using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Personalization.Host.Tests.Forecasts;

/// <summary>A host that fits the purchase models every second (<c>Forecasts:FitInterval</c>).</summary>
public sealed class ScheduledFitHostFactory : HostFactory
{
    public ScheduledFitHostFactory()
        : base(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), loadExamples: false)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Forecasts:FitInterval", "00:00:01");
    }
}

public sealed class PurchaseModelScheduleTests(ScheduledFitHostFactory host) : IClassFixture<ScheduledFitHostFactory>
{
    private readonly HttpClient client = host.CreateClient();

    [Fact]
    public async Task The_schedule_fits_the_models_without_a_request_once_customers_have_bought()
    {
        var now = host.Clock.GetUtcNow();
        var events = Enumerable.Range(0, 40).SelectMany(customer => Enumerable.Range(0, 1 + (customer % 4)).Select(purchase => new
        {
            customerId = $"scheduled-{customer}",
            type = "purchase",
            value = 10.0 + customer + purchase,
            timestamp = now.AddDays(-(customer * 3) - (purchase * 17) - 1),
        })).ToArray();
        var (_, body) = await client.PostJsonAsync("/v1/events", new { events });
        Assert.Equal(events.Length, body!["accepted"]!.GetValue<int>());

        // Generous: the schedule ticks every second, but a loaded machine may delay it. A tick can come while the
        // customers are still registering in the directory the fit samples from, so a first fit may see fewer of them;
        // the next ticks fit again and see all 40. A tick skips a fit younger than half the interval on the engine's
        // clock, which is the test's: it moves a second per poll, as a real clock would between ticks.
        var waited = Stopwatch.StartNew();
        HttpResponseMessage response;
        do
        {
            await Task.Delay(200);
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            (response, body) = await client.SendJsonAsync(HttpMethod.Get, "/v1/models/purchases");
        }
        while ((response.StatusCode == HttpStatusCode.NotFound || body?["sampleSize"]?.GetValue<int>() < 40) && waited.Elapsed < TimeSpan.FromSeconds(90));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(40, body!["sampleSize"]!.GetValue<int>());
        Assert.True(body["r"]!.GetValue<double>() > 0 && body["alpha"]!.GetValue<double>() > 0);
    }
}
