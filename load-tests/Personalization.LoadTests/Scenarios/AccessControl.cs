using Personalization.LoadTests.Runner;

namespace Personalization.LoadTests.Scenarios;

/// <summary>
/// What authentication costs: the same lookups and single events against two hosts of the same build on the same
/// machine, one open and one requiring keys (<see cref="ScenarioSetOptions.ProtectedTarget"/>, called with
/// <see cref="ScenarioSetOptions.ApiKey"/>), each protected scenario run right after its open twin and compared with it
/// round by round. The protected host's no-op (which needs no key, but passes its authentication, authorization and
/// rate-limiting middleware) against the open host's says how alike the two hosts are apart from the key check.
/// </summary>
public static partial class EngineSets
{
    public static IReadOnlyList<Scenario> AccessControl(ScenarioSetOptions options)
    {
        if (options.ProtectedTarget is not { } protectedTarget || options.ApiKey is null)
        {
            throw new ArgumentException(
                "The access set compares an open host with one requiring keys: pass --protected-target <url> and --api-key <key> (with --start-host both hosts are started).");
        }

        var open = new Engine(options with { ApiKey = null }, withOrleans: false);
        var secured = new Engine(options with { Target = protectedTarget, CreateHttpClient = options.CreateProtectedHttpClient }, withOrleans: false);
        // An event leaves work behind it (membership changes published to the segment shards), which would slow the
        // scenario after it on the shared cores: every scenario first waits SettleTime (not measured), so each of a pair
        // starts on two quiet hosts.
        Scenario Settled(Scenario scenario) =>
            scenario.WithBeforeRun(context => Task.Delay(options.SettleTime, context.CancellationToken), options.SettleTime + TimeSpan.FromSeconds(5));
        return
        [
            Settled(Noop(open)),
            Settled(NoopOf(secured, "noop-protected").CompareWith("noop")),
            Settled(EngineScenario(open, "lookup-open", withVisitors: true, ctx => LookupAsync(open, ctx, Population.VisitorId))),
            Settled(EngineScenario(secured, "lookup-protected", withVisitors: true, ctx => LookupAsync(secured, ctx, Population.VisitorId)).CompareWith("lookup-open")),
            Settled(EngineScenario(open, "ingest-open", withVisitors: true, ctx => IngestAsync(open, ctx))),
            Settled(EngineScenario(secured, "ingest-protected", withVisitors: true, ctx => IngestAsync(secured, ctx)).CompareWith("ingest-open")),
        ];
    }
}
