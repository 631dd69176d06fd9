using System.Diagnostics;
using Personalization.LoadTests.Runner;
using static Personalization.LoadTests.Tests.TestRuns;

namespace Personalization.LoadTests.Tests;

/// <summary>
/// The runner's scheduling is about time, so these tests run in a collection no other test of this project runs beside.
/// Other test projects may still run at the same time (tests/run.sh runs the solution's projects concurrently), so each
/// bound a slow machine could break is generous, and the bounds a slow machine cannot break (a call never starts before
/// it is due, a stall only adds latency) stay tight.
/// </summary>
[Collection(SchedulingCollection.Name)]
public class OpenModelTests
{
    [Fact]
    public async Task Inject_makes_the_scheduled_number_of_calls_spread_over_the_duration()
    {
        var starts = new StartLog();
        var scenario = Scenario.Create("steady", _ =>
            {
                starts.Add();
                return Task.FromResult(Response.Ok());
            })
            .WithLoadSimulations(Simulation.Inject(200, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

        var stats = (await ScenarioRunner.Run(Options, scenario))["steady"];

        Assert.Equal(200, stats.Ok.Count);
        Assert.Equal(0, stats.Dropped.Count);
        Assert.InRange(stats.Duration.TotalSeconds, 0.95, 5);
        Assert.InRange(stats.Ok.Rps, 40, 210);
        // Spread, not a burst: about half the calls in the first half of the second, never many more (a burst would
        // start all 200 at once); a machine that lags starts fewer there and catches up later, so below, only that the
        // schedule began on time rather than at its end. The last call comes near the end.
        var seconds = starts.Seconds;
        Assert.InRange(seconds.Count(s => s < 0.5), 10, 130);
        Assert.InRange(seconds[^1], 0.85, 5);
    }

    [Fact]
    public async Task A_stall_shows_in_the_latency_of_every_call_scheduled_during_it()
    {
        // The target freezes from 0.5 s to 1.0 s after the first call. An open model keeps scheduling during the
        // freeze, so about 50 calls wait for it, and their latency is measured from when they were due.
        var freeze = new Freeze(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.0));
        var scenario = Scenario.Create("frozen", async ctx =>
            {
                await freeze.Pass(ctx.CancellationToken);
                return Response.Ok();
            })
            .WithLoadSimulations(Simulation.Inject(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5)));

        var stats = (await ScenarioRunner.Run(Options, scenario))["frozen"];

        Assert.Equal(150, stats.Ok.Count);
        Assert.True(stats.Ok.Latency.MaxMs >= 400, $"max {stats.Ok.Latency.MaxMs} ms");
        Assert.True(stats.Ok.Latency.P95Ms >= 250, $"p95 {stats.Ok.Latency.P95Ms} ms");
        Assert.True(stats.Ok.Latency.P75Ms >= 50, $"p75 {stats.Ok.Latency.P75Ms} ms");
    }

    [Fact]
    public async Task The_same_stall_under_a_closed_model_hides_in_one_call_which_is_why_open_is_the_default_for_latency()
    {
        var freeze = new Freeze(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.0));
        var scenario = Scenario.Create("frozen-closed", async ctx =>
            {
                await Task.Delay(5, ctx.CancellationToken);
                await freeze.Pass(ctx.CancellationToken);
                return Response.Ok();
            })
            .WithLoadSimulations(Simulation.KeepConstant(1, TimeSpan.FromSeconds(1.5)));

        var stats = (await ScenarioRunner.Run(Options, scenario))["frozen-closed"];

        Assert.True(stats.Ok.Latency.MaxMs >= 300, $"max {stats.Ok.Latency.MaxMs} ms");
        // One call of hundreds waited out the freeze; the 95th percentile is a plain call's few milliseconds, and even a
        // machine slow enough to stretch every call stays far below the stalled one.
        Assert.True(stats.Ok.Latency.P95Ms < stats.Ok.Latency.MaxMs / 3, $"p95 {stats.Ok.Latency.P95Ms} ms, max {stats.Ok.Latency.MaxMs} ms");
    }

    [Fact]
    public async Task Calls_due_while_the_in_flight_bound_is_full_are_dropped_and_counted()
    {
        var running = 0;
        var mostRunning = 0;
        var scenario = Scenario.Create("bounded", async ctx =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref mostRunning, now);
                await Task.Delay(200, ctx.CancellationToken);
                Interlocked.Decrement(ref running);
                return Response.Ok();
            })
            .WithMaxInFlight(2)
            .WithLoadSimulations(Simulation.Inject(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.5)));

        var stats = (await ScenarioRunner.Run(Options, scenario))["bounded"];

        Assert.Equal(2, mostRunning);
        Assert.Equal(50, stats.Ok.Count + stats.Dropped.Count);
        Assert.InRange(stats.Ok.Count, 2, 8);
        Assert.Equal(100.0 * stats.Dropped.Count / 50, stats.Dropped.Percent, 9);
    }

    [Fact]
    public async Task Warm_up_calls_run_but_are_not_counted()
    {
        var invocations = 0;
        var scenario = Scenario.Create("warm", async ctx =>
            {
                Interlocked.Increment(ref invocations);
                // The warm-up is exactly the first 50 calls; make them slow enough to spoil the stats if they leaked in.
                if (ctx.InvocationNumber < 50)
                {
                    await Task.Delay(1000, ctx.CancellationToken);
                }

                return Response.Ok();
            })
            .WithWarmUpDuration(TimeSpan.FromSeconds(0.5))
            .WithLoadSimulations(Simulation.Inject(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.5)));

        var stats = (await ScenarioRunner.Run(Options, scenario))["warm"];

        Assert.Equal(100, invocations);
        Assert.Equal(50, stats.Ok.Count);
        Assert.True(stats.Ok.Latency.MaxMs < 1000, $"max {stats.Ok.Latency.MaxMs} ms");
        Assert.Equal(TimeSpan.FromSeconds(0.5), stats.WarmUp);
    }

    [Fact]
    public async Task Ramping_inject_thickens_towards_the_end()
    {
        var starts = new StartLog();
        var scenario = Scenario.Create("ramp", _ =>
            {
                starts.Add();
                return Task.FromResult(Response.Ok());
            })
            .WithLoadSimulations(Simulation.RampingInject(200, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

        var stats = (await ScenarioRunner.Run(Options, scenario))["ramp"];

        Assert.Equal(100, stats.Ok.Count);
        var seconds = starts.Seconds;
        Assert.True(seconds.Count(s => s >= 0.5) > 2 * seconds.Count(s => s < 0.5), string.Join(",", seconds.Select(s => s.ToString("0.00"))));
    }

    [Fact]
    public async Task Exceptions_and_failed_responses_are_failures_grouped_by_reason()
    {
        var scenario = Scenario.Create("flaky", ctx => (ctx.InvocationNumber % 4) switch
            {
                0 => throw new InvalidOperationException("boom"),
                1 => Task.FromResult(Response.Fail("refused")),
                _ => Task.FromResult(Response.Ok(sizeBytes: 10)),
            })
            .WithLoadSimulations(Simulation.Inject(200, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.2)));

        var stats = (await ScenarioRunner.Run(Options, scenario))["flaky"];

        Assert.Equal(20, stats.Ok.Count);
        Assert.Equal(20, stats.Fail.Count);
        Assert.Equal(50, stats.Fail.Percent, 9);
        Assert.Equal(200, stats.Ok.Bytes);
        Assert.Equal(
            [new FailReason("InvalidOperationException: boom", 10), new FailReason("refused", 10)],
            stats.FailReasons);
        Assert.Equal(20, stats.Series.Sum(s => s.Fail));
    }

    [Fact]
    public async Task The_call_cap_ends_a_scenario_early()
    {
        var scenario = Noop("capped", 1000, TimeSpan.FromSeconds(5));
        var watch = Stopwatch.StartNew();

        var stats = (await ScenarioRunner.Run(Options with { MaxCallsPerScenario = 20 }, scenario))["capped"];

        Assert.Equal(ScenarioEnd.CallCapReached, stats.End);
        Assert.Equal(20, stats.Ok.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed} of the scenario's 5 s");
    }

    [Fact]
    public async Task The_deadline_ends_the_run_and_calls_that_ignore_cancellation_are_counted_unfinished()
    {
        var never = new TaskCompletionSource<Response>(TaskCreationOptions.RunContinuationsAsynchronously);
        var scenario = Scenario.Create("hung", _ => never.Task)
            .WithLoadSimulations(Simulation.Inject(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)));
        var watch = Stopwatch.StartNew();

        var stats = (await ScenarioRunner.Run(Options with { Deadline = Ms(400), DrainTimeout = Ms(200) }, scenario))["hung"];

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"took {watch.Elapsed} of the scenario's 10 s");
        Assert.Equal(ScenarioEnd.Stopped, stats.End);
        Assert.Equal(0, stats.Ok.Count);
        // About 8 calls are due before the deadline and none can start after it (12 allows for the drain); a loaded
        // machine starts fewer of them (3 at a load average of 37), so below, only that some were left hanging.
        Assert.InRange(stats.Fail.Count, 1, 12);
        Assert.Equal(stats.Fail.Count, stats.FailReasons.Single(r => r.Message == "unfinished when the run ended").Count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

/// <summary>A target that stops answering for a window measured from its first call and then answers everything at once.</summary>
internal sealed class Freeze(TimeSpan from, TimeSpan until)
{
    private long _origin;

    public async Task Pass(CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _origin, now, 0);
        var elapsed = Stopwatch.GetElapsedTime(Interlocked.Read(ref _origin), now);
        if (elapsed >= from && elapsed < until)
        {
            await Task.Delay(until - elapsed, cancellationToken);
        }
    }
}

/// <summary>Tests of the runner's timing: no other collection of this project runs while they do.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SchedulingCollection
{
    public const string Name = "scheduling";
}
