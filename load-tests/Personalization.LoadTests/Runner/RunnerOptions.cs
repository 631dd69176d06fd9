namespace Personalization.LoadTests.Runner;

public sealed record RunnerOptions
{
    /// <summary>
    /// Run scenarios at the same time, as NBomber does. Sequential runs give cleaner baseline ratios on a
    /// small machine, because the baseline and the target do not compete for the same cores.
    /// </summary>
    public bool Concurrent { get; init; } = true;

    /// <summary>
    /// Bound on calls running at once per scenario. An open-model call due while the bound is full is dropped
    /// and counted rather than delayed, so the schedule stays honest and a dead target cannot exhaust memory.
    /// </summary>
    public int MaxInFlight { get; init; } = 1000;

    /// <summary>Hard cap on calls per scenario, warm-up included.</summary>
    public long MaxCallsPerScenario { get; init; } = 10_000_000;

    /// <summary>Wall-clock limit for the whole run; when null it is the planned time plus <see cref="DeadlineSlack"/>.</summary>
    public TimeSpan? Deadline { get; init; }

    public TimeSpan DeadlineSlack { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a scenario waits for its running calls after its load ends before counting them unfinished.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TextWriter Log { get; init; } = Console.Error;

    public int MaxLogLinesPerScenario { get; init; } = 100;

    /// <summary>The thread pool's minimum worker threads is raised to at least this when a run starts; see <see cref="ScenarioRunner"/>.</summary>
    public int MinWorkerThreads { get; init; } = 64;

    /// <summary>
    /// Runs the scenarios one after another this many times over (sequential runs only). On a shared or throttled
    /// machine a scenario's throughput drifts by a quarter between runs seconds apart, which a single baseline measured
    /// once passes on to every ratio; a ratio taken within each round and its median over the rounds holds far better.
    /// </summary>
    public int Rounds { get; init; } = 1;

    /// <summary>Seeds each scenario instance's <see cref="ScenarioContext.Random"/>, for runs that pick the same data every time.</summary>
    public int? Seed { get; init; }
}
