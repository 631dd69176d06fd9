using Personalization.LoadTests.Runner;

namespace Personalization.LoadTests.Scenarios;

/// <summary>
/// What percentile and forecast segments cost lookups and ingest: one host, the same visitors and calls, with and
/// without the ten segments of <see cref="PopulationCatalog"/> on top of the generated catalog. The init seeds a year of
/// purchases for the visitors and fits the purchase models (<c>POST /v1/models/purchases/fit</c>). Each round runs
/// <c>noop</c>, then <c>lookup</c> and <c>ingest</c> on the generated catalog alone, then <c>lookup-population</c> and
/// <c>ingest-population</c> after the ten segments are added, each compared with its plain twin of the same round.
/// Before its load each scenario adds or removes the ten (a no-op when the catalog already is as it needs): adding waits
/// until a probe visitor's lookup answers with a refreshed population and the fitted model, which takes up to the host's
/// <c>Population:RefreshInterval</c> (the load runner's <c>--start-host</c> sets 5 s), then both wait
/// <see cref="ScenarioSetOptions.SettleTime"/> while the engine re-evaluates its active customers against the changed
/// catalog. The population scenarios include the refreshes that fall in their load, which at 5 s re-rank the customers
/// six times as often as the default 30 s would.
/// </summary>
public static partial class EngineSets
{
    /// <summary>What a host started for the population set is given: a population refresh every 5 s rather than 30 s.</summary>
    public static readonly IReadOnlyList<string> PopulationHostSettings = ["Population:RefreshInterval=00:00:05"];

    public static IReadOnlyList<Scenario> PopulationSegments(ScenarioSetOptions options)
    {
        var engine = new Engine(options, withOrleans: false);
        var catalog = new PopulationCatalog(engine);
        var addBudget = PopulationCatalog.ReadyTimeout + options.SettleTime + TimeSpan.FromSeconds(10);
        var removeBudget = options.SettleTime + TimeSpan.FromSeconds(10);
        Task? ready = null;
        var setUp = new Lock();

        // Once per set, after the visitors: no leftover population segments, a year of purchases, fitted models.
        Task PrepareAsync(ScenarioInitContext ctx)
        {
            lock (setUp)
            {
                return ready ??= Prepare();
            }

            async Task Prepare()
            {
                await catalog.DeleteAllAsync(ctx.CancellationToken);
                await catalog.SeedPurchasesAsync(ctx);
                await catalog.FitAsync(ctx);
            }
        }

        // The engine may be shared with other sets (the smoke test's is): the last of the set's cleans leaves it with the
        // generated catalog alone, while the connection is still open.
        var open = 0;
        async Task CloseAsync(ScenarioInitContext ctx)
        {
            try
            {
                if (Interlocked.Decrement(ref open) == 0)
                {
                    await catalog.DeleteAllAsync(ctx.CancellationToken);
                }
            }
            finally
            {
                await engine.CloseAsync(ctx);
            }
        }

        Scenario Plain(Scenario scenario) => scenario.WithBeforeRun(catalog.RemoveAsync, removeBudget).WithClean(CloseAsync);

        Scenario WithPopulation(Scenario scenario, string twin) => scenario.WithBeforeRun(catalog.AddAsync, addBudget).WithClean(CloseAsync).CompareWith(twin);

        Scenario[] scenarios =
        [
            Plain(Noop(engine)),
            Plain(EngineScenario(engine, "lookup", withVisitors: true, ctx => LookupAsync(engine, ctx, Population.VisitorId), prepare: PrepareAsync)),
            Plain(EngineScenario(engine, "ingest", withVisitors: true, ctx => IngestAsync(engine, ctx), prepare: PrepareAsync)),
            WithPopulation(EngineScenario(engine, "lookup-population", withVisitors: true, ctx => LookupAsync(engine, ctx, Population.VisitorId), prepare: PrepareAsync), "lookup"),
            WithPopulation(EngineScenario(engine, "ingest-population", withVisitors: true, ctx => IngestAsync(engine, ctx), prepare: PrepareAsync), "ingest"),
        ];
        open = scenarios.Length;
        return scenarios;
    }
}
