using System.Collections.Concurrent;
using System.Diagnostics;
using Personalization.LoadTests.Runner;

namespace Personalization.LoadTests.Tests;

internal static class TestRuns
{
    public static RunnerOptions Options => new() { Log = TextWriter.Null, Concurrent = false, DrainTimeout = TimeSpan.FromSeconds(3) };

    public static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    public static Scenario Noop(string name, int rate, TimeSpan during) =>
        Scenario.Create(name, _ => Task.FromResult(Response.Ok())).WithLoadSimulations(Simulation.Inject(rate, TimeSpan.FromSeconds(1), during));
}

/// <summary>Actual start times of a scenario's calls, in seconds since the first one.</summary>
internal sealed class StartLog
{
    private readonly ConcurrentQueue<long> _starts = new();

    public void Add() => _starts.Enqueue(Stopwatch.GetTimestamp());

    public int Count => _starts.Count;

    public IReadOnlyList<double> Seconds
    {
        get
        {
            var all = _starts.Order().ToArray();
            return all.Select(t => (double)(t - all[0]) / Stopwatch.Frequency).ToArray();
        }
    }

    public long First => _starts.Min();

    public long Last => _starts.Max();
}
