using System.Collections.Concurrent;
using System.Diagnostics;

namespace Personalization.LoadTests.Runner;

/// <summary>
/// Drives one scenario through its warm-up and load phases. Open phases are driven by a single dispatcher
/// that computes each call's due time from the phase start, so a slow call never delays the calls after it
/// and lateness of any kind ends up in the measured latency instead of silently thinning the load.
/// </summary>
internal sealed class ScenarioExecution
{
    private readonly RunnerOptions _options;
    private readonly ScenarioLog _log;
    private readonly CancellationToken _stop;
    private readonly Task _hardStop;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<Instance> _free;
    private readonly int _maxInFlight;
    private long _issued;

    public ScenarioExecution(Scenario scenario, int scenarioIndex, RunnerOptions options, ScenarioLog log, CancellationToken stop, Task hardStop)
    {
        Scenario = scenario;
        _options = options;
        _log = log;
        _stop = stop;
        _hardStop = hardStop;
        _maxInFlight = scenario.MaxInFlight ?? options.MaxInFlight;
        _slots = new SemaphoreSlim(_maxInFlight, _maxInFlight);
        _free = new ConcurrentStack<Instance>(Enumerable.Range(0, _maxInFlight).Reverse().Select(n => new Instance(n, NewRandom(options.Seed, scenarioIndex, n))));
    }

    public Scenario Scenario { get; }

    public async Task<ScenarioStats> Run()
    {
        if (Scenario.BeforeRun is { } beforeRun)
        {
            _log.Progress("preparing the target");
            try
            {
                await beforeRun(new ScenarioInitContext(Scenario.Name, _log, _stop));
            }
            catch (Exception ex)
            {
                throw new ScenarioInitException(Scenario.Name, ex, "preparation");
            }
        }

        if (Scenario.WarmUpDuration > TimeSpan.Zero)
        {
            var warmUp = Scenario.LoadSimulations[0] with { During = Scenario.WarmUpDuration };
            _log.Progress($"warm-up started: {warmUp}");
            await RunPhases(LoadPhase.Plan([warmUp]), new StatsRecorder(Stopwatch.GetTimestamp()));
        }

        _log.Progress($"measured load started: {string.Join("; then ", Scenario.LoadSimulations)}");
        var start = Stopwatch.GetTimestamp();
        var measured = new StatsRecorder(start);
        var end = await RunPhases(LoadPhase.Plan(Scenario.LoadSimulations), measured);
        var duration = Stopwatch.GetElapsedTime(start);
        await Drain();
        measured.Freeze();
        var stats = measured.Snapshot(Scenario, duration, end);
        var how = end switch
        {
            ScenarioEnd.CallCapReached => $"stopped early at the cap of {_options.MaxCallsPerScenario} calls",
            ScenarioEnd.Stopped => "stopped early by the run deadline or cancellation",
            _ => "finished",
        };
        _log.Progress($"{how}: {stats.Ok.Count} ok, {stats.Fail.Count} failed, {stats.Dropped.Count} dropped");
        return stats;
    }

    private async Task<ScenarioEnd> RunPhases(IReadOnlyList<LoadPhase> phases, StatsRecorder recorder)
    {
        // Phases start at their planned times rather than whenever the previous one returned, so timer slack cannot accumulate.
        var phaseStart = Stopwatch.GetTimestamp();
        foreach (var phase in phases)
        {
            var phaseEnd = phaseStart + ToTimestampTicks(phase.During);
            var end = phase.IsOpen
                ? await RunOpenPhase(phase, phaseStart, recorder)
                : await RunClosedPhase(phase.Copies, phaseEnd, recorder);
            if (end != ScenarioEnd.Completed)
            {
                return end;
            }

            if (!await WaitUntil(phaseEnd))
            {
                return ScenarioEnd.Stopped;
            }

            phaseStart = phaseEnd;
        }

        return ScenarioEnd.Completed;
    }

    /// <summary>The dispatcher gets a thread of its own so that neither a busy thread pool nor timer granularity makes calls late.</summary>
    private Task<ScenarioEnd> RunOpenPhase(LoadPhase phase, long phaseStart, StatsRecorder recorder) =>
        Task.Factory.StartNew(() => DispatchOpenPhase(phase, phaseStart, recorder), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private ScenarioEnd DispatchOpenPhase(LoadPhase phase, long phaseStart, StatsRecorder recorder)
    {
        for (long index = 0; phase.DueOffset(index) is { } offset; index++)
        {
            var due = phaseStart + ToTimestampTicks(offset);
            if (!PreciseSleep.Until(due, _stop))
            {
                return ScenarioEnd.Stopped;
            }

            if (!TryIssue(out var invocation))
            {
                return ScenarioEnd.CallCapReached;
            }

            if (!_slots.Wait(0))
            {
                recorder.RecordDropped();
                continue;
            }

            _free.TryPop(out var instance);
            recorder.Begin();
            _ = Task.Run(async () =>
            {
                try
                {
                    await Execute(instance!, invocation, due, recorder);
                }
                finally
                {
                    Release(instance!);
                }
            });
        }

        return ScenarioEnd.Completed;
    }

    private async Task<ScenarioEnd> RunClosedPhase(int copies, long phaseEnd, StatsRecorder recorder)
    {
        var workers = Task.WhenAll(Enumerable.Range(0, copies).Select(_ => Task.Run(() => RunCopy(phaseEnd, recorder))));
        if (await Task.WhenAny(workers, _hardStop) != workers)
        {
            return ScenarioEnd.Stopped;
        }

        var ends = await workers;
        return ends.Contains(ScenarioEnd.Stopped) ? ScenarioEnd.Stopped
            : ends.Contains(ScenarioEnd.CallCapReached) ? ScenarioEnd.CallCapReached
            : ScenarioEnd.Completed;
    }

    private async Task<ScenarioEnd> RunCopy(long phaseEnd, StatsRecorder recorder)
    {
        try
        {
            // Waiting is needed only while open-phase calls from before still hold slots.
            await _slots.WaitAsync(_stop);
        }
        catch (OperationCanceledException)
        {
            return ScenarioEnd.Stopped;
        }

        _free.TryPop(out var instance);
        try
        {
            while (Stopwatch.GetTimestamp() < phaseEnd)
            {
                if (_stop.IsCancellationRequested)
                {
                    return ScenarioEnd.Stopped;
                }

                if (!TryIssue(out var invocation))
                {
                    return ScenarioEnd.CallCapReached;
                }

                recorder.Begin();
                await Execute(instance!, invocation, Stopwatch.GetTimestamp(), recorder);
            }

            return ScenarioEnd.Completed;
        }
        finally
        {
            Release(instance!);
        }
    }

    private async Task Execute(Instance instance, long invocation, long intended, StatsRecorder recorder)
    {
        var actualStart = Stopwatch.GetTimestamp();
        Response response;
        try
        {
            var context = new ScenarioContext(Scenario.Name, instance.Number, invocation, instance.Random, _log, _stop);
            response = await Scenario.Run(context) ?? Response.Fail("scenario returned no response");
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            response = Response.Fail("cancelled when the run was stopped");
        }
        catch (Exception ex)
        {
            _log.Error(ex, "call failed");
            response = Response.Fail($"{ex.GetType().Name}: {ex.Message}");
        }

        recorder.Record(response, intended, actualStart, Stopwatch.GetTimestamp());
    }

    private bool TryIssue(out long invocation)
    {
        invocation = Interlocked.Increment(ref _issued) - 1;
        return invocation < _options.MaxCallsPerScenario;
    }

    private void Release(Instance instance)
    {
        _free.Push(instance);
        _slots.Release();
    }

    private async Task Drain()
    {
        var giveUpAt = Stopwatch.GetTimestamp() + ToTimestampTicks(_options.DrainTimeout);
        while (_slots.CurrentCount < _maxInFlight && Stopwatch.GetTimestamp() < giveUpAt && !_hardStop.IsCompleted)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>Waits for a phase boundary, where a millisecond of timer slack does not matter; false when the run was stopped.</summary>
    private async Task<bool> WaitUntil(long timestamp)
    {
        var remaining = timestamp - Stopwatch.GetTimestamp();
        try
        {
            if (remaining > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency), _stop);
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return !_stop.IsCancellationRequested;
    }

    private static long ToTimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    // HashCode.Combine is randomised per process, which would defeat the point of a seed.
    private static Random NewRandom(int? seed, int scenarioIndex, int instance) =>
        seed is { } s ? new Random(unchecked((s * 1_000_003) + (scenarioIndex * 10_007) + instance)) : new Random();

    private sealed record Instance(int Number, Random Random);
}
