using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Personalization.LoadTests.Runner;

namespace Personalization.LoadTests.Scenarios;

/// <summary>
/// Ten segments ranking customers against the population (<c>percentile</c>) or forecasting their purchases
/// (<c>predicted_purchases</c>, <c>p_alive</c>, <c>predicted_clv</c>), which the population set adds to the generated
/// catalog before each population scenario and removes before each plain one. Adding waits until the answers use them:
/// <see cref="ProbeVisitor"/>, seeded as the biggest and most regular buyer, must be in <see cref="ProbeSegments"/>, which
/// needs a population refresh that sketched the new expressions and a fitted purchase model.
/// </summary>
public sealed class PopulationCatalog(Engine engine)
{
    /// <summary>Visitor 0 buys for 400 every 30 days over the past year, the last time yesterday; no other visitor spends as much.</summary>
    public const int ProbeVisitor = 0;

    private const int ProbePurchases = 12;

    /// <summary>How long adding waits for the population and the model to reach the answers before it fails.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    public static readonly IReadOnlyList<GeneratedSegment> Segments =
    [
        new("population-top-spenders", "population", "top fifth by spend over the year", "percentile(sum(purchase.value, 365d)) >= 80"),
        new("population-recent-buyers", "population", "most recent fifth of buyers", "percentile(days_since(purchase)) <= 20"),
        new("population-frequent-buyers", "population", "top tenth by purchases over the year", "percentile(count(purchase, 365d)) >= 90"),
        new("population-browsers", "population", "heavy browsers who spend little",
            "percentile(count(page_view, 30d)) >= 75 and percentile(sum(purchase.value, 365d)) < 50"),
        new("population-middle-basket", "population", "middle fifth by average purchase", "percentile(avg(purchase.value)) between 40 and 60"),
        new("forecast-churning", "forecast", "more likely gone than not", "p_alive() < 0.5"),
        new("forecast-repeat-buyers", "forecast", "two or more purchases expected in 90 days", "predicted_purchases(90d) >= 2"),
        new("forecast-valuable", "forecast", "worth more than 1,000 over the next year", "predicted_clv(365d) > 1000"),
        new("forecast-loyal-valuable", "forecast", "active and worth 500 or more over the next year", "p_alive() >= 0.8 and predicted_clv(365d) >= 500"),
        new("forecast-fading-repeaters", "forecast", "repeat buyers expected to buy little soon", "count(purchase) >= 2 and predicted_purchases(30d) < 0.2"),
    ];

    /// <summary>The segments the probe visitor is in once the population is refreshed and the model fitted.</summary>
    public static readonly IReadOnlyList<string> ProbeSegments = ["population-top-spenders", "forecast-valuable"];

    private readonly SemaphoreSlim changing = new(1, 1);
    private bool present;

    /// <summary>
    /// Purchases for the model to fit, derived from the visitor's index (<see cref="WritePurchases"/>);
    /// <see cref="ProbeVisitor"/> gets its twelve. Event ids make a second run's seeding a no-op.
    /// </summary>
    public async Task SeedPurchasesAsync(ScenarioInitContext context)
    {
        var count = engine.Options.Customers;
        var now = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        // A visitor has at most 12 purchases and a batch holds at most 1,000 events.
        const int perBatch = 80;
        var batches = (count + perBatch - 1) / perBatch;
        await Parallel.ForAsync(0, batches, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = context.CancellationToken }, async (batch, ct) =>
        {
            var first = batch * perBatch;
            var last = Math.Min(count, first + perBatch);
            using var content = EventJson.Batch(json =>
            {
                for (var i = first; i < last; i++)
                {
                    WritePurchases(json, i, now);
                }
            });
            using var response = await engine.Http.PostAsync("/v1/events", content, ct);
            await Engine.EnsureSuccess(response, "seeding purchases");
        });
        context.Log.Info(string.Create(CultureInfo.InvariantCulture,
            $"purchases: {count} visitors' purchases of the past year sent in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));
    }

    /// <summary>Fits the purchase models on the customers' purchases now (<c>POST /v1/models/purchases/fit</c>).</summary>
    public async Task FitAsync(ScenarioInitContext context)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await engine.Http.PostAsync("/v1/models/purchases/fit", content: null, context.CancellationToken);
        await Engine.EnsureSuccess(response, "fitting the purchase models");
        using var fit = JsonDocument.Parse(await response.Content.ReadAsStringAsync(context.CancellationToken));
        context.Log.Info(string.Create(CultureInfo.InvariantCulture,
            $"purchase models fitted on {fit.RootElement.GetProperty("sampleSize").GetInt32()} customers in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));
    }

    /// <summary>
    /// Stores the ten segments unless they are, then waits until the probe visitor's lookup answers with them (a
    /// population refresh and the fitted model), then <see cref="ScenarioSetOptions.SettleTime"/> while the engine
    /// re-evaluates its active customers against the changed catalog.
    /// </summary>
    public async Task AddAsync(ScenarioInitContext context)
    {
        await changing.WaitAsync(context.CancellationToken);
        try
        {
            if (present)
            {
                return;
            }

            var started = Stopwatch.GetTimestamp();
            foreach (var segment in Segments)
            {
                await engine.PutSegmentAsync(segment, context.CancellationToken);
            }

            present = true;
            await WaitForProbeAsync(context);
            context.Log.Info(string.Create(CultureInfo.InvariantCulture,
                $"population catalog: {Segments.Count} segments added and answering in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));
            await Task.Delay(engine.Options.SettleTime, context.CancellationToken);
            await LogSizesAsync(context);
        }
        finally
        {
            changing.Release();
        }
    }

    /// <summary>Deletes the ten segments if they are stored, then settles as <see cref="AddAsync"/> does.</summary>
    public async Task RemoveAsync(ScenarioInitContext context)
    {
        await changing.WaitAsync(context.CancellationToken);
        try
        {
            if (!present)
            {
                return;
            }

            await DeleteAllAsync(context.CancellationToken);
            present = false;
            await Task.Delay(engine.Options.SettleTime, context.CancellationToken);
        }
        finally
        {
            changing.Release();
        }
    }

    /// <summary>Deletes the ten segments whether or not this run stored them (an earlier run cut short may have); a missing one is fine.</summary>
    public async Task DeleteAllAsync(CancellationToken cancellationToken)
    {
        foreach (var segment in Segments)
        {
            using var response = await engine.Http.DeleteAsync($"/v1/segments/{segment.Id}", cancellationToken);
            if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
            {
                await Engine.EnsureSuccess(response, $"deleting segment {segment.Id}");
            }
        }
    }

    /// <summary>How many visitors each segment holds, so a run shows that the ten sort the population rather than hold nobody.</summary>
    private async Task LogSizesAsync(ScenarioInitContext context)
    {
        var sizes = new List<string>(Segments.Count);
        foreach (var segment in Segments)
        {
            using var response = await engine.Http.GetAsync($"/v1/segments/{segment.Id}/stats?hours=1", context.CancellationToken);
            await Engine.EnsureSuccess(response, $"reading the stats of {segment.Id}");
            using var stats = JsonDocument.Parse(await response.Content.ReadAsStringAsync(context.CancellationToken));
            sizes.Add(string.Create(CultureInfo.InvariantCulture, $"{segment.Id} {stats.RootElement.GetProperty("size").GetInt32()}"));
        }

        context.Log.Info($"population catalog members after settling: {string.Join(", ", sizes)}");
    }

    private async Task WaitForProbeAsync(ScenarioInitContext context)
    {
        var probe = Population.VisitorId(ProbeVisitor);
        var deadline = Stopwatch.GetTimestamp() + (long)(ReadyTimeout.TotalSeconds * Stopwatch.Frequency);
        string[] segments = [];
        while (Stopwatch.GetTimestamp() < deadline)
        {
            using (var response = await engine.Http.GetAsync($"/v1/customers/{probe}/segments", context.CancellationToken))
            {
                await Engine.EnsureSuccess(response, $"looking up {probe}");
                using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(context.CancellationToken));
                segments = document.RootElement.GetProperty("segments").EnumerateArray().Select(s => s.GetString()!).ToArray();
            }

            if (ProbeSegments.All(segments.Contains))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), context.CancellationToken);
        }

        throw new TimeoutException(
            $"{probe} was not in {string.Join(" and ", ProbeSegments)} within {ReadyTimeout.TotalSeconds:0} s (its segments: {string.Join(", ", segments)}): " +
            "percentiles wait for the host's population refresh (Population:RefreshInterval, 30 s unless set; --start-host sets 5 s) and forecasts for a fitted model");
    }

    private static void WritePurchases(Utf8JsonWriter json, int index, DateTimeOffset now)
    {
        var customerId = Population.VisitorId(index);
        if (index == ProbeVisitor)
        {
            for (var j = 0; j < ProbePurchases; j++)
            {
                EventJson.Write(json, customerId, "purchase", now - TimeSpan.FromDays(1 + 30 * j), null, 400, "coats", null, eventId: EventId(index, j));
            }

            return;
        }

        // Four kinds of buyer in turn, so that ranks and forecasts sort the visitors: gone (several purchases 180 days ago
        // or more, then none but the one their history may hold), regular (4 to 12 over the year), occasional (1 or 2) and none beyond their history. Each
        // visitor has a basket size of its own, each purchase half to one and a half of it.
        var random = new Random(index * 7919 + 17);
        var (purchases, earliestDays, latestDays) = (index % 4) switch
        {
            0 => (3 + random.Next(5), 365, 180),
            1 => (4 + random.Next(9), 365, 2),
            2 => (1 + random.Next(2), 365, 2),
            _ => (0, 0, 0),
        };
        var basket = 20 + random.Next(200);
        for (var j = 0; j < purchases; j++)
        {
            var at = now - TimeSpan.FromMinutes(60 * 24 * latestDays + random.Next(60 * 24 * (earliestDays - latestDays)));
            EventJson.Write(json, customerId, "purchase", at, null, Math.Round(basket * (0.5 + random.NextDouble()), 2),
                Population.Categories[random.Next(Population.Categories.Length)], null, eventId: EventId(index, j));
        }
    }

    private static string EventId(int index, int purchase) => string.Create(CultureInfo.InvariantCulture, $"population-seed-{index}-{purchase}");
}
