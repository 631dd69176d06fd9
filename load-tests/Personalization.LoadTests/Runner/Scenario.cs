namespace Personalization.LoadTests.Runner;

/// <summary>
/// A named unit of load: the call to make, how hard to drive it and what must hold afterwards.
/// The With* methods return changed copies, so one base scenario can be specialised several times.
/// </summary>
public sealed record Scenario
{
    private Scenario(string name, Func<ScenarioContext, Task<Response>> run)
    {
        Name = name;
        Run = run;
    }

    public string Name { get; }

    public Func<ScenarioContext, Task<Response>> Run { get; }

    public Func<ScenarioInitContext, Task>? Init { get; private init; }

    public Func<ScenarioInitContext, Task>? Clean { get; private init; }

    /// <summary>Runs before every run of the scenario's load (each round, before its warm-up), after every init; not measured.</summary>
    public Func<ScenarioInitContext, Task>? BeforeRun { get; private init; }

    /// <summary>The most <see cref="BeforeRun"/> may take, added to the run's planned time for each round.</summary>
    public TimeSpan BeforeRunBudget { get; private init; }

    public TimeSpan WarmUpDuration { get; private init; }

    public IReadOnlyList<LoadSimulation> LoadSimulations { get; private init; } = [];

    public IReadOnlyList<Threshold> Thresholds { get; private init; } = [];

    /// <summary>The reference other scenarios of the run are compared with, typically a no-op endpoint.</summary>
    public bool IsBaseline { get; private init; }

    /// <summary>
    /// Another scenario of the set this one is also compared with, round by round, besides the baseline: the same call
    /// in another form (through an alias, with a key), whose cost is the ratio of the two.
    /// </summary>
    public string? ComparedWith { get; private init; }

    /// <summary>Overrides <see cref="RunnerOptions.MaxInFlight"/> for this scenario.</summary>
    public int? MaxInFlight { get; private init; }

    public static Scenario Create(string name, Func<ScenarioContext, Task<Response>> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(run);
        return new Scenario(name, run);
    }

    /// <summary>Runs once before any load of the run starts; a failure aborts the whole run before traffic is sent.</summary>
    public Scenario WithInit(Func<ScenarioInitContext, Task> init) => this with { Init = init ?? throw new ArgumentNullException(nameof(init)) };

    /// <summary>Runs once after the scenario's load and drain, even when the load was cut short.</summary>
    public Scenario WithClean(Func<ScenarioInitContext, Task> clean) => this with { Clean = clean ?? throw new ArgumentNullException(nameof(clean)) };

    /// <summary>
    /// Runs <paramref name="beforeRun"/> before each run of the load (every round), for sets that change the target
    /// between scenarios; <paramref name="budget"/> bounds it in the run's deadline. A failure ends the run as an init failure does.
    /// </summary>
    public Scenario WithBeforeRun(Func<ScenarioInitContext, Task> beforeRun, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(beforeRun);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, TimeSpan.Zero);
        return this with { BeforeRun = beforeRun, BeforeRunBudget = budget };
    }

    /// <summary>Repeats the first simulation's shape for this long before measuring; its calls are not counted.</summary>
    public Scenario WithWarmUpDuration(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        return this with { WarmUpDuration = duration };
    }

    public Scenario WithLoadSimulations(params LoadSimulation[] simulations)
    {
        ArgumentNullException.ThrowIfNull(simulations);
        if (simulations.Length == 0 || simulations.Any(s => s is null))
        {
            throw new ArgumentException("give at least one load simulation and no null ones", nameof(simulations));
        }

        return this with { LoadSimulations = simulations.ToArray() };
    }

    public Scenario WithThresholds(params Threshold[] thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return this with { Thresholds = thresholds.ToArray() };
    }

    public Scenario AsBaseline() => this with { IsBaseline = true };

    public Scenario CompareWith(string reference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        return this with { ComparedWith = reference };
    }

    public Scenario WithMaxInFlight(int maxInFlight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        return this with { MaxInFlight = maxInFlight };
    }

    /// <summary>How long the measured load lasts, warm-up excluded.</summary>
    public TimeSpan LoadDuration => LoadSimulations.Aggregate(TimeSpan.Zero, (total, s) => total + s.During);
}
