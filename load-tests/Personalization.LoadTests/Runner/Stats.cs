namespace Personalization.LoadTests.Runner;

/// <summary>
/// Latency distribution in milliseconds. Every figure is NaN when nothing was recorded, so that a
/// threshold such as <c>P99Ms &lt; 10</c> fails instead of passing vacuously.
/// </summary>
public sealed record LatencyStats(long Count, double MinMs, double MeanMs, double StdDevMs, double P50Ms, double P75Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static LatencyStats Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
}

/// <summary>Calls of one outcome; <see cref="Percent"/> is of the calls that ran (ok plus failed).</summary>
public sealed record RequestStats(long Count, double Percent, double Rps, long Bytes, LatencyStats Latency);

/// <summary>Open-model calls never started because the in-flight bound was full; <see cref="Percent"/> is of all scheduled calls.</summary>
public sealed record DroppedStats(long Count, double Percent);

public sealed record FailReason(string Message, long Count);

/// <summary>Calls that completed during one second of the measured load, for charts.</summary>
public sealed record SecondStats(int Second, long Ok, long Fail, double P50Ms, double P99Ms, double MaxMs)
{
    public long Count => Ok + Fail;
}

public enum ScenarioEnd
{
    /// <summary>Every load simulation ran to its end.</summary>
    Completed,

    /// <summary>The cap on total calls was reached first.</summary>
    CallCapReached,

    /// <summary>The run deadline was reached, or the run was cancelled, first.</summary>
    Stopped,
}

/// <summary>
/// Final statistics of one scenario, warm-up excluded. Latency is measured from each call's intended
/// start: in an open model that is when the schedule said the call should begin, so time a call spent
/// waiting behind a stalled target counts. <see cref="ServiceTime"/> measures from the actual start instead;
/// the gap between the two is time the runner or the machine made calls wait.
/// </summary>
public sealed record ScenarioStats
{
    public required string Name { get; init; }

    public bool IsBaseline { get; init; }

    /// <summary>The scenario (<see cref="Scenario"/>, without round) these figures are also compared with.</summary>
    public string? ComparedWith { get; init; }

    /// <summary>The scenario these are the figures of; <see cref="Name"/> adds the round to it in a run of several rounds.</summary>
    public string Scenario
    {
        get => scenario ?? Name;
        init => scenario = value;
    }

    /// <summary>Which round of a run with <see cref="RunnerOptions.Rounds"/> these figures are, from 1.</summary>
    public int Round { get; init; } = 1;

    private readonly string? scenario;

    public required IReadOnlyList<string> Simulations { get; init; }

    public TimeSpan WarmUp { get; init; }

    /// <summary>Measured load time, used as the denominator of every rate.</summary>
    public TimeSpan Duration { get; init; }

    public required RequestStats Ok { get; init; }

    public required RequestStats Fail { get; init; }

    public required DroppedStats Dropped { get; init; }

    /// <summary>Ok latency from the actual start of each call.</summary>
    public required LatencyStats ServiceTime { get; init; }

    public required IReadOnlyList<FailReason> FailReasons { get; init; }

    public required IReadOnlyList<SecondStats> Series { get; init; }

    public IReadOnlyList<ThresholdResult> Thresholds { get; init; } = [];

    public ScenarioEnd End { get; init; }

    /// <summary>Calls that ran, ok or failed.</summary>
    public long AllCount => Ok.Count + Fail.Count;

    /// <summary>Calls that ran per second, ok or failed.</summary>
    public double Rps => Ok.Rps + Fail.Rps;

    public bool ThresholdsPassed => Thresholds.All(t => t.Passed);
}
