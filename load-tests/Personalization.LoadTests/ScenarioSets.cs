using Personalization.LoadTests.Runner;
using Personalization.LoadTests.Scenarios;

namespace Personalization.LoadTests;

/// <summary>What the command line passes to a scenario set when it builds its scenarios.</summary>
public sealed record ScenarioSetOptions(TimeSpan Duration, TimeSpan WarmUp, int Rate, Uri Target)
{
    /// <summary>When set, throughput runs: each scenario keeps this many calls going (closed model) instead of <see cref="Rate"/>.</summary>
    public int? Copies { get; init; }

    /// <summary>Known visitors stored before the load starts.</summary>
    public int Customers { get; init; } = 10_000;

    /// <summary>Segments in the generated catalog (<see cref="SegmentCatalogs"/>).</summary>
    public int Segments { get; init; } = 100;

    /// <summary>Events per request in batched ingest.</summary>
    public int BatchSize { get; init; } = 1_000;

    /// <summary>The engine's Orleans gateway; without it the Orleans-client scenarios are left out.</summary>
    public int? GatewayPort { get; init; }

    public string ClusterId { get; init; } = "personalization";

    public string ServiceId { get; init; } = "personalization";

    /// <summary>Where a set may write figures of its own beside the reports (the memory harness does).</summary>
    public string? OutputFolder { get; init; }

    /// <summary>Quiet time after seeding, while the engine finishes its background work, before the first scenario.</summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The Azure Table storage the engine keeps its customers in, for sets that measure durable ingest.</summary>
    public AzureTableTarget? AzureTable { get; init; }

    /// <summary>An API key every HTTP call sends as <c>Authorization: Bearer</c>, for a protected engine.</summary>
    public string? ApiKey { get; init; }

    /// <summary>A second host of the same build requiring <see cref="ApiKey"/>, which the access set compares with the open <see cref="Target"/>.</summary>
    public Uri? ProtectedTarget { get; init; }

    /// <summary>Replaces the default client for <see cref="Target"/>; tests pass an in-process host's client.</summary>
    public Func<HttpClient>? CreateHttpClient { get; init; }

    /// <summary>Replaces the default client for <see cref="ProtectedTarget"/>, as <see cref="CreateHttpClient"/> does for the target.</summary>
    public Func<HttpClient>? CreateProtectedHttpClient { get; init; }

    /// <summary>The measured load of one scenario: closed with <see cref="Copies"/>, otherwise open at <see cref="Rate"/>.</summary>
    public LoadSimulation Load() => Copies is { } copies
        ? Simulation.KeepConstant(copies, Duration)
        : Simulation.Inject(Rate, TimeSpan.FromSeconds(1), Duration);
}

/// <param name="Concurrent">The set only makes sense with its scenarios running at the same time, whatever the command line says.</param>
/// <param name="NeedsAzureTable">The set measures the engine on Azure Table storage (<see cref="ScenarioSetOptions.AzureTable"/>).</param>
/// <param name="NeedsProtectedHost">The set compares the open target with a host requiring keys (<see cref="ScenarioSetOptions.ProtectedTarget"/>).</param>
/// <param name="Sequential">The set changes the target between its scenarios, so they cannot run at the same time (--concurrent is refused).</param>
/// <param name="HostSettings">Configuration (key=value) a host started for the set gets before any --host-setting, which may override it.</param>
public sealed record ScenarioSet(
    string Name, string Description, Func<ScenarioSetOptions, IReadOnlyList<Scenario>> Build, bool Concurrent = false, bool NeedsAzureTable = false, bool NeedsProtectedHost = false,
    bool Sequential = false, IReadOnlyList<string>? HostSettings = null)
{
    public IReadOnlyList<string> HostSettings { get; init; } = HostSettings ?? [];
}

/// <summary>
/// The named sets the command line can run. HTTP sets against the engine belong here beside selftest:
/// each builds its scenarios from <see cref="ScenarioSetOptions.Target"/> and should include a no-op
/// baseline scenario marked with <see cref="Scenario.AsBaseline"/> so the reports can show ratios.
/// </summary>
public static class ScenarioSets
{
    public static IReadOnlyList<ScenarioSet> All { get; } =
    [
        new("selftest", "exercises the runner without a server: an in-process delay scenario against a no-op baseline", SelfTest),
        new("lookup", "segment lookup of known visitors, over HTTP (also through an anonymous id identified as theirs) and through an Orleans client, against the no-op endpoint and a bare grain call", EngineSets.Lookup),
        new("ingest", "one event per request for known visitors with the whole catalog active, over HTTP and through an Orleans client, against the baselines", EngineSets.Ingest),
        new("batch", "batched ingest ({\"events\":[...]} of --batch-size events: of random known visitors, and grouped, of 50 visitors) against the no-op endpoint", EngineSets.Batch),
        new("storefront", "a shop's pages: a segment lookup on every page, then a page view, add to cart or purchase, visitors drawn from a Zipf distribution", EngineSets.Storefront),
        new("retail-replay", "the Online Retail invoices as purchases, in batches and one per request", EngineSets.RetailReplay),
        new("catalog-change", "lookups and ingest at --rate, first on a quiet catalog, then while a segment is replaced every second", EngineSets.CatalogChange, Concurrent: true),
        new("durable", "single and batched events of --customers known visitors in Acknowledged mode on Azure Table storage (--azure-table), against that storage's sequential write rate", EngineSets.DurableIngest, NeedsAzureTable: true),
        new("access", "lookups and single events against an open host and, each right after, a host requiring keys (--protected-target with --api-key, or both started by --start-host), compared round by round", EngineSets.AccessControl, NeedsProtectedHost: true),
        new("population", "lookups and single events on the generated catalog, then with ten percentile and forecast segments added (the purchase models fitted, the population refreshed), each compared with its plain twin round by round", EngineSets.PopulationSegments,
            Sequential: true, HostSettings: EngineSets.PopulationHostSettings),
        new("memory", "an in-process silo with --customers active customers: managed heap after a full GC, then lookups and ingest through the grain interface", MemoryHarness.Build),
    ];

    public static ScenarioSet? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Each delay call waits 2–3 ms and every 500th fails on purpose, so a healthy run shows failures being
    /// counted and a median no lower than the delay itself.
    /// </summary>
    private static IReadOnlyList<Scenario> SelfTest(ScenarioSetOptions options)
    {
        var load = Simulation.Inject(options.Rate, TimeSpan.FromSeconds(1), options.Duration);
        var noop = Scenario.Create("noop", _ => Task.FromResult(Response.Ok()))
            .AsBaseline()
            .WithWarmUpDuration(options.WarmUp)
            .WithLoadSimulations(load)
            .WithThresholds(Threshold.Create(stats => stats.Ok.Count > 0));
        var delay = Scenario.Create("delay", async ctx =>
            {
                await Task.Delay(ctx.Random.Next(2, 4), ctx.CancellationToken);
                return ctx.InvocationNumber % 500 == 499 ? Response.Fail("deliberate failure of every 500th call") : Response.Ok(sizeBytes: 128);
            })
            .WithWarmUpDuration(options.WarmUp)
            .WithLoadSimulations(load)
            .WithThresholds(Threshold.Create(stats => stats.Ok.Latency.P50Ms >= 1));
        return [noop, delay];
    }
}
