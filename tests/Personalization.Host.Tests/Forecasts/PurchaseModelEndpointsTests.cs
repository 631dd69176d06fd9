using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Customers;
using Personalization.Forecasts;
using Personalization.Rules.Forecasts;
using Personalization.Testing;

namespace Personalization.Host.Tests.Forecasts;

/// <summary>
/// Replays the CDNOW sample's 39 calibration weeks through the HTTP API as purchase events (each transaction line at
/// noon of its date, valued by its dollar amount), then fits the purchase models through the API: the engine's own
/// summaries must equal the published ones, and its fit the published parameters.
/// </summary>
public sealed class PurchaseModelEndpointsTests(CdnowHostFactory host) : IClassFixture<CdnowHostFactory>
{
    private static readonly DateOnly CalibrationEnd = new(1997, 9, 30);

    private readonly HttpClient client = host.CreateClient();

    private static string DataFile(string name) =>
        RepositoryFiles.InRepository(Path.Combine("tests", "Personalization.Rules.Tests", "Forecasts", "Data", name));

    [Fact]
    public async Task Replayed_cdnow_purchases_give_the_published_summaries_and_fit_and_the_forecast_segments_follow_the_fit()
    {
        var (missing, _) = await client.SendJsonAsync(HttpMethod.Get, "/v1/models/purchases");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var (empty, emptyProblem) = await client.SendJsonAsync(HttpMethod.Post, "/v1/models/purchases/fit");
        Assert.Equal(HttpStatusCode.Conflict, empty.StatusCode);
        Assert.Equal("No customer to fit on.", emptyProblem!["title"]!.GetValue<string>());

        await DefineSegment("likely-buyers", "predicted_purchases(90d) >= 1");
        var lines = File.ReadLines(DataFile("CDNOW_sample.txt"))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(cells => (Customer: cells[1], Date: DateOnly.ParseExact(cells[2], "yyyyMMdd", CultureInfo.InvariantCulture), Value: double.Parse(cells[4], CultureInfo.InvariantCulture)))
            .Where(line => line.Date <= CalibrationEnd)
            .ToList();
        foreach (var chunk in lines.Chunk(1000))
        {
            var events = chunk.Select(line => new
            {
                customerId = $"cdnow-{line.Customer}",
                type = "purchase",
                value = line.Value,
                timestamp = new DateTimeOffset(line.Date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
            });
            var (_, body) = await client.PostJsonAsync("/v1/events", new { events });
            Assert.Equal(chunk.Length, body!["accepted"]!.GetValue<int>());
        }

        // The engine's summaries, in days, against the published ones in weeks to two decimals.
        var published = File.ReadLines(DataFile("cdnow_customers_summary_with_transactions.csv")).Skip(1)
            .Select(line => line.Split(','))
            .ToDictionary(cells => int.Parse(cells[0], CultureInfo.InvariantCulture), cells => cells.Skip(1).Select(cell => double.Parse(cell, CultureInfo.InvariantCulture)).ToArray());
        Assert.Equal(2357, published.Count);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var readings = new List<PurchaseSummaryReading>();
        foreach (var (id, row) in published)
        {
            var reading = await grains.GetCustomerGrain($"cdnow-{id.ToString("D4", CultureInfo.InvariantCulture)}").GetPurchaseSummaryAsync();
            Assert.NotNull(reading);
            Assert.Equal((int)row[0], reading.Frequency);
            Assert.Equal(row[1], Math.Round(reading.Recency / 7, 2));
            Assert.Equal(row[2], Math.Round(reading.Age / 7, 2));
            Assert.InRange(Math.Abs(row[3] - (reading.MeanRepeatValue ?? 0)), 0, 0.005 + 1e-9);
            readings.Add(reading);
        }

        var (fitted, fit) = await client.PostJsonAsync("/v1/models/purchases/fit", new { });
        Assert.Equal(HttpStatusCode.OK, fitted.StatusCode);
        Assert.Equal(2357, fit!["sampleSize"]!.GetValue<int>());
        Assert.Equal(946, fit["spendSampleSize"]!.GetValue<int>());
        double Read(string name) => fit[name]!.GetValue<double>();
        // In days the purchase rate's gamma rate is 7 times the weekly one; r, a and b do not depend on the unit.
        Assert.InRange(Read("r") / 0.243, 0.99, 1.01);
        Assert.InRange(Read("alpha") / 7 / 4.414, 0.99, 1.01);
        Assert.InRange(Read("a") / 0.793, 0.99, 1.01);
        Assert.InRange(Read("b") / 2.426, 0.99, 1.01);
        // The likelihood of times in days is the weekly one divided by 7 for each repeat purchase's timing.
        var repeatPurchases = readings.Sum(r => r.Frequency);
        Assert.Equal(-9582.4, Read("logLikelihood") + (repeatPurchases * Math.Log(7)), 0.1);
        Assert.InRange(Read("spendP") / 6.25, 0.99, 1.01);
        Assert.InRange(Read("spendQ") / 3.74, 0.99, 1.01);
        Assert.InRange(Read("spendV") / 15.45, 0.99, 1.01);
        Assert.True(Read("fitSeconds") > 0);
        Assert.Equal(host.Clock.GetUtcNow(), fit["fittedAt"]!.GetValue<DateTimeOffset>());

        var stored = await client.GetNodeAsync("/v1/models/purchases");
        Assert.Equal(fit["version"]!.GetValue<long>(), stored["version"]!.GetValue<long>());
        Assert.Equal(Read("alpha"), stored["alpha"]!.GetValue<double>());

        // Segment lookups now evaluate the forecast with the fitted parameters.
        var model = new BetaGeometricNbd(Read("r"), Read("alpha"), Read("a"), Read("b"));
        var members = 0;
        foreach (var id in published.Keys.Take(300))
        {
            var customerId = $"cdnow-{id.ToString("D4", CultureInfo.InvariantCulture)}";
            var reading = (await grains.GetCustomerGrain(customerId).GetPurchaseSummaryAsync())!;
            var expected = model.ExpectedPurchases(90, new PurchaseSummary(reading.Frequency, reading.Recency, reading.Age, reading.MeanRepeatValue)) >= 1;
            var segments = (await client.GetNodeAsync($"/v1/customers/{customerId}/segments"))["segments"].Strings();
            Assert.Equal(expected, segments.Contains("likely-buyers"));
            members += expected ? 1 : 0;
        }

        Assert.InRange(members, 1, 299);
    }

    private async Task DefineSegment(string id, string rule)
    {
        var (response, _) = await client.SendJsonAsync(HttpMethod.Put, $"/v1/segments/{id}",
            System.Text.Json.JsonSerializer.Serialize(new { name = id, rule }));
        response.EnsureSuccessStatusCode();
    }
}
