namespace Personalization.LoadTests.Runner;

/// <summary>
/// How a target compares with a baseline run alongside it. Throughput is target ok-RPS over baseline ok-RPS;
/// latency ratios are target ok-latency over baseline ok-latency. Under an open model both scenarios are
/// offered the same rate, so throughput stays near 1 until the target saturates; latency ratios carry the signal.
/// </summary>
public sealed record ScenarioRatio(string Target, string Baseline, double Throughput, double P50, double P99);

/// <summary>
/// A scenario's ratios to the baseline over the rounds of a run, each round's target against the same round's
/// baseline: the median of each ratio, and the lowest and highest throughput ratio.
/// </summary>
public sealed record MedianRatio(string Target, string Baseline, int Rounds, double Throughput, double LowestThroughput, double HighestThroughput, double P50, double P99);

public sealed class RunResult
{
    public RunResult(DateTimeOffset startedAt, TimeSpan duration, bool concurrent, IReadOnlyList<ScenarioStats> scenarios)
    {
        StartedAt = startedAt;
        Duration = duration;
        Concurrent = concurrent;
        Scenarios = scenarios;
    }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Wall time of the whole run, inits and warm-ups included.</summary>
    public TimeSpan Duration { get; }

    public bool Concurrent { get; }

    public IReadOnlyList<ScenarioStats> Scenarios { get; }

    public ScenarioStats this[string scenarioName] =>
        Scenarios.FirstOrDefault(s => s.Name == scenarioName)
        ?? throw new KeyNotFoundException($"no scenario named '{scenarioName}' in this run; it has {string.Join(", ", Scenarios.Select(s => s.Name))}");

    public ScenarioStats? Baseline => Scenarios.FirstOrDefault(s => s.IsBaseline);

    public bool ThresholdsPassed => Scenarios.All(s => s.ThresholdsPassed);

    public IEnumerable<(string Scenario, ThresholdResult Threshold)> FailedThresholds =>
        Scenarios.SelectMany(s => s.Thresholds.Where(t => !t.Passed).Select(t => (s.Name, t)));

    public ScenarioRatio Ratio(string target, string baseline)
    {
        var t = this[target];
        var b = this[baseline];
        return new ScenarioRatio(
            target,
            baseline,
            t.Ok.Rps / b.Ok.Rps,
            t.Ok.Latency.P50Ms / b.Ok.Latency.P50Ms,
            t.Ok.Latency.P99Ms / b.Ok.Latency.P99Ms);
    }

    /// <summary>Rounds of the run (<see cref="RunnerOptions.Rounds"/>).</summary>
    public int Rounds => Scenarios.Count == 0 ? 1 : Scenarios.Max(s => s.Round);

    /// <summary>Every other scenario against the one marked as baseline, in the same round; empty when none is.</summary>
    public IReadOnlyList<ScenarioRatio> RatiosVsBaseline() =>
        Scenarios.Where(s => !s.IsBaseline)
            .Select(s => Scenarios.FirstOrDefault(b => b.IsBaseline && b.Round == s.Round) is { } baseline ? Ratio(s.Name, baseline.Name) : null)
            .OfType<ScenarioRatio>()
            .ToArray();

    /// <summary>Per scenario, the medians over the rounds of <see cref="RatiosVsBaseline"/>.</summary>
    public IReadOnlyList<MedianRatio> MedianRatiosVsBaseline() => Medians(RatiosVsBaseline());

    /// <summary>Every scenario that names one (<see cref="Runner.Scenario.ComparedWith"/>) against it, in the same round.</summary>
    public IReadOnlyList<ScenarioRatio> RatiosVsComparedWith() =>
        Scenarios.Where(s => s.ComparedWith is not null)
            .Select(s => Scenarios.FirstOrDefault(r => r.Scenario == s.ComparedWith && r.Round == s.Round) is { } reference ? Ratio(s.Name, reference.Name) : null)
            .OfType<ScenarioRatio>()
            .ToArray();

    /// <summary>Per scenario, the medians over the rounds of <see cref="RatiosVsComparedWith"/>.</summary>
    public IReadOnlyList<MedianRatio> MedianRatiosVsComparedWith() => Medians(RatiosVsComparedWith());

    private IReadOnlyList<MedianRatio> Medians(IEnumerable<ScenarioRatio> ratios)
    {
        var scenarioOf = Scenarios.ToDictionary(s => s.Name, s => s.Scenario);
        return ratios
            .GroupBy(r => scenarioOf[r.Target])
            .Select(rounds => new MedianRatio(
                rounds.Key,
                scenarioOf[rounds.First().Baseline],
                rounds.Count(),
                Median(rounds.Select(r => r.Throughput)),
                rounds.Min(r => r.Throughput),
                rounds.Max(r => r.Throughput),
                Median(rounds.Select(r => r.P50)),
                Median(rounds.Select(r => r.P99))))
            .ToArray();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
