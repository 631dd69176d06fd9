using System.Collections.Concurrent;
using Personalization.LoadTests.Runner;
using static Personalization.LoadTests.Tests.TestRuns;

namespace Personalization.LoadTests.Tests;

public class RunnerTests
{
    [Fact]
    public async Task Keep_constant_runs_exactly_that_many_copies_each_with_its_own_instance_number()
    {
        var active = new ConcurrentDictionary<int, int>();
        var overlaps = 0;
        var seen = new ConcurrentDictionary<int, bool>();
        var scenario = Scenario.Create("closed", async ctx =>
            {
                if (!active.TryAdd(ctx.ScenarioInstanceNumber, 0))
                {
                    Interlocked.Increment(ref overlaps);
                }

                seen[ctx.ScenarioInstanceNumber] = true;
                await Task.Delay(10, ctx.CancellationToken);
                active.TryRemove(ctx.ScenarioInstanceNumber, out _);
                return Response.Ok();
            })
            .WithLoadSimulations(Simulation.KeepConstant(3, Ms(500)));

        var stats = (await ScenarioRunner.Run(Options, scenario))["closed"];

        Assert.Equal(0, overlaps);
        Assert.Equal([0, 1, 2], seen.Keys.Order());
        // Three loops of roughly 10-11 ms calls for half a second: at most about 150. A loaded machine only makes it
        // fewer (39 with a load average of 45 on two cores), so below it holds only that each loop ran.
        Assert.InRange(stats.Ok.Count, 3, 160);
        Assert.Equal(ScenarioEnd.Completed, stats.End);
    }

    [Fact]
    public async Task Sequential_runs_one_scenario_after_the_other_and_concurrent_overlaps_them()
    {
        var (firstA, lastA, firstB, lastB) = await RunPair(concurrent: false);
        Assert.True(firstB > lastA, "sequential scenarios overlapped");

        (firstA, lastA, firstB, lastB) = await RunPair(concurrent: true);
        Assert.True(firstB < lastA && firstA < lastB, "concurrent scenarios did not overlap");
    }

    [Fact]
    public async Task Init_runs_before_any_load_and_clean_runs_after_it()
    {
        var events = new ConcurrentQueue<string>();
        var scenario = Scenario.Create("lifecycle", _ =>
            {
                events.Enqueue("call");
                return Task.FromResult(Response.Ok());
            })
            .WithInit(ctx =>
            {
                events.Enqueue($"init {ctx.ScenarioName}");
                return Task.CompletedTask;
            })
            .WithClean(_ =>
            {
                events.Enqueue("clean");
                return Task.CompletedTask;
            })
            .WithLoadSimulations(Simulation.Inject(50, TimeSpan.FromSeconds(1), Ms(200)));

        await ScenarioRunner.Run(Options, scenario);

        var all = events.ToArray();
        Assert.Equal("init lifecycle", all[0]);
        Assert.Equal("clean", all[^1]);
        Assert.Equal(10, all.Count(e => e == "call"));
    }

    [Fact]
    public async Task A_failing_init_aborts_the_run_before_any_call_and_cleans_what_was_initialised()
    {
        var calls = 0;
        var cleaned = false;
        var healthy = Scenario.Create("healthy", _ =>
            {
                Interlocked.Increment(ref calls);
                return Task.FromResult(Response.Ok());
            })
            .WithInit(_ => Task.CompletedTask)
            .WithClean(_ =>
            {
                cleaned = true;
                return Task.CompletedTask;
            })
            .WithLoadSimulations(Simulation.Inject(50, TimeSpan.FromSeconds(1), Ms(200)));
        var broken = Noop("broken", 50, Ms(200)).WithInit(_ => throw new InvalidOperationException("no target"));

        var error = await Assert.ThrowsAsync<ScenarioInitException>(() => ScenarioRunner.Run(Options, healthy, broken));

        Assert.Equal("broken", error.ScenarioName);
        Assert.Contains("no target", error.Message);
        Assert.Equal(0, calls);
        Assert.True(cleaned);
    }

    [Fact]
    public async Task The_context_gives_a_seeded_random_per_instance()
    {
        async Task<int[]> Draws()
        {
            var draws = new ConcurrentQueue<(long Invocation, int Value)>();
            var scenario = Scenario.Create("seeded", ctx =>
                {
                    draws.Enqueue((ctx.InvocationNumber, ctx.Random.Next()));
                    return Task.FromResult(Response.Ok());
                })
                .WithLoadSimulations(Simulation.KeepConstant(1, TimeSpan.FromSeconds(30)));

            // The call cap ends the run, not the clock: a loaded machine once made no call at all in 100 ms.
            await ScenarioRunner.Run(Options with { Seed = 42, MaxCallsPerScenario = 20 }, scenario);
            return draws.OrderBy(d => d.Invocation).Select(d => d.Value).ToArray();
        }

        var first = await Draws();
        var second = await Draws();

        Assert.Equal(20, first.Length);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Scenario_log_keeps_a_bounded_number_of_lines()
    {
        var log = new StringWriter();
        var scenario = Scenario.Create("chatty", ctx =>
            {
                ctx.Log.Info($"call {ctx.InvocationNumber}");
                return Task.FromResult(Response.Ok());
            })
            .WithLoadSimulations(Simulation.Inject(100, TimeSpan.FromSeconds(1), Ms(300)));

        await ScenarioRunner.Run(Options with { Log = log, MaxLogLinesPerScenario = 5 }, scenario);

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Contains("[chatty]", l));
        var info = lines.Where(l => l.Contains(" info: ")).ToArray();
        Assert.Equal(6, info.Length);
        Assert.Contains("25 more log lines were suppressed", info[^1]);
        // Milestones are written whatever the limit, so a long run always shows progress.
        Assert.Contains(lines, l => l.Contains(" run: finished: 30 ok, 0 failed, 0 dropped"));
    }

    [Fact]
    public async Task Invalid_runs_are_refused_up_front()
    {
        var a = Noop("a", 10, Ms(100));
        await Assert.ThrowsAsync<ArgumentException>(() => ScenarioRunner.Run(Options, a, Noop("a", 10, Ms(100))));
        await Assert.ThrowsAsync<ArgumentException>(() => ScenarioRunner.Run(Options, a.AsBaseline(), Noop("b", 10, Ms(100)).AsBaseline()));
        await Assert.ThrowsAsync<ArgumentException>(() => ScenarioRunner.Run(Options, Scenario.Create("nothing", _ => Task.FromResult(Response.Ok()))));
        var tooMany = Scenario.Create("crowd", _ => Task.FromResult(Response.Ok())).WithMaxInFlight(2).WithLoadSimulations(Simulation.KeepConstant(3, Ms(100)));
        await Assert.ThrowsAsync<ArgumentException>(() => ScenarioRunner.Run(Options, tooMany));
    }

    private static async Task<(long FirstA, long LastA, long FirstB, long LastB)> RunPair(bool concurrent)
    {
        var a = new StartLog();
        var b = new StartLog();
        Scenario Logged(string name, StartLog log) => Scenario.Create(name, _ =>
            {
                log.Add();
                return Task.FromResult(Response.Ok());
            })
            .WithLoadSimulations(Simulation.Inject(100, TimeSpan.FromSeconds(1), Ms(400)));

        await ScenarioRunner.Run(Options with { Concurrent = concurrent }, Logged("a", a), Logged("b", b));
        return (a.First, a.Last, b.First, b.Last);
    }
}
