namespace Personalization.LoadTests.Runner;

/// <summary>
/// How a target compares with a baseline run alongside it. Throughput is target ok-RPS over baseline ok-RPS;
/// latency ratios are target ok-latency over baseline ok-latency. Under an open model both scenarios are
/// offered the same rate, so throughput stays near 1 until the target saturates; latency ratios carry the signal.
/// </summary>
public sealed record ScenarioRatio(string Target, string Baseline, double Throughput, double P50, double P99);

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

    /// <summary>Every other scenario against the one marked as baseline; empty when none is.</summary>
    public IReadOnlyList<ScenarioRatio> RatiosVsBaseline() =>
        Baseline is { } baseline
            ? Scenarios.Where(s => !s.IsBaseline).Select(s => Ratio(s.Name, baseline.Name)).ToArray()
            : [];
}
