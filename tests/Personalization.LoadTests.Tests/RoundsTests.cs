using Personalization.LoadTests.Runner;
using Personalization.LoadTests.Runner.Reports;
using static Personalization.LoadTests.Tests.TestRuns;

namespace Personalization.LoadTests.Tests;

public class RoundsTests
{
    [Fact]
    public async Task Rounds_run_every_scenario_in_turn_and_clean_each_once_after_its_last_round()
    {
        var order = new RunOrder();
        Scenario Logged(string name) => Scenario.Create(name, _ =>
            {
                order.Called(name);
                return Task.FromResult(Response.Ok());
            })
            .WithClean(_ =>
            {
                order.Add($"clean {name}");
                return Task.CompletedTask;
            })
            .WithLoadSimulations(Simulation.Inject(50, TimeSpan.FromSeconds(1), Ms(200)));

        var result = await ScenarioRunner.Run(Options with { Rounds = 3 }, [Logged("a").AsBaseline(), Logged("b")], CancellationToken.None);

        Assert.Equal(["a", "b", "a", "b", "a", "b", "clean a", "clean b"], order.Entries);
        Assert.Equal(["a #1", "b #1", "a #2", "b #2", "a #3", "b #3"], result.Scenarios.Select(s => s.Name));
        Assert.Equal(["a", "b", "a", "b", "a", "b"], result.Scenarios.Select(s => s.Scenario));
        Assert.Equal([1, 1, 2, 2, 3, 3], result.Scenarios.Select(s => s.Round));
        Assert.Equal(3, result.Rounds);
        Assert.All(result.Scenarios, s => Assert.Equal(10, s.Ok.Count));
    }

    [Fact]
    public async Task A_scenarios_preparation_runs_before_each_of_its_rounds_and_its_time_is_not_measured()
    {
        var order = new RunOrder();
        Scenario Logged(string name) => Scenario.Create(name, _ =>
            {
                order.Called(name);
                return Task.FromResult(Response.Ok());
            })
            .WithWarmUpDuration(Ms(100))
            .WithLoadSimulations(Simulation.Inject(50, TimeSpan.FromSeconds(1), Ms(200)));
        var prepared = Logged("b").WithBeforeRun(async _ =>
        {
            order.Add("prepare b");
            await Task.Delay(Ms(300));
        }, budget: TimeSpan.FromSeconds(5));

        var result = await ScenarioRunner.Run(Options with { Rounds = 2 }, [Logged("a").AsBaseline(), prepared], CancellationToken.None);

        Assert.Equal(["a", "prepare b", "b", "a", "prepare b", "b"], order.Entries);
        Assert.All(result.Scenarios, s => Assert.Equal(10, s.Ok.Count));
        Assert.All(result.Scenarios, s => Assert.True(s.Duration < Ms(500), $"{s.Name} measured for {s.Duration}, its preparation included"));
    }

    [Fact]
    public async Task A_failed_preparation_ends_the_run_naming_the_scenario()
    {
        var failing = Scenario.Create("b", _ => Task.FromResult(Response.Ok()))
            .WithBeforeRun(_ => throw new InvalidOperationException("target not ready"), TimeSpan.FromSeconds(1))
            .WithLoadSimulations(Simulation.Inject(50, TimeSpan.FromSeconds(1), Ms(100)));

        var error = await Assert.ThrowsAsync<ScenarioInitException>(() => ScenarioRunner.Run(Options, [failing], CancellationToken.None));

        Assert.Equal("b", error.ScenarioName);
        Assert.Equal("preparation of scenario 'b' failed: target not ready", error.Message);
    }

    [Fact]
    public void Each_rounds_ratio_is_against_the_same_rounds_baseline_and_the_summary_is_their_median()
    {
        // A baseline that drifts between rounds, as on a shared machine: every round's target is half of its own baseline.
        var result = RunResultTests.Result(
            Round(RunResultTests.Stats("noop", rps: 2000, p50: 1, p99: 4, baseline: true), 1),
            Round(RunResultTests.Stats("ingest", rps: 1000, p50: 2, p99: 8), 1),
            Round(RunResultTests.Stats("noop", rps: 3000, p50: 1, p99: 4, baseline: true), 2),
            Round(RunResultTests.Stats("ingest", rps: 1200, p50: 3, p99: 8), 2),
            Round(RunResultTests.Stats("noop", rps: 1000, p50: 1, p99: 2, baseline: true), 3),
            Round(RunResultTests.Stats("ingest", rps: 600, p50: 2, p99: 4), 3));

        Assert.Equal(
            [new ScenarioRatio("ingest #1", "noop #1", 0.5, 2, 2), new ScenarioRatio("ingest #2", "noop #2", 0.4, 3, 2), new ScenarioRatio("ingest #3", "noop #3", 0.6, 2, 2)],
            result.RatiosVsBaseline());
        var median = Assert.Single(result.MedianRatiosVsBaseline());
        Assert.Equal(new MedianRatio("ingest", "noop", 3, 0.5, 0.4, 0.6, 2, 2), median);
        Assert.Contains("| ingest | 0.50× | 0.40× | 0.60× | 2.00× | 2.00× |", MarkdownReport.Render(result, "t"));
        Assert.Contains("the median of 3 rounds", HtmlReport.Render(result, "t"));
    }

    [Fact]
    public void A_scenario_compared_with_another_is_divided_by_it_round_by_round_and_the_summary_is_their_median()
    {
        // Lookups through an alias against direct lookups: the noop baseline drifts, the pair's ratio is what counts.
        var result = RunResultTests.Result(
            Round(RunResultTests.Stats("noop", rps: 2000, p50: 1, p99: 4, baseline: true), 1),
            Round(RunResultTests.Stats("lookup", rps: 1000, p50: 2, p99: 8), 1),
            Round(RunResultTests.Stats("lookup-alias", rps: 900, p50: 2, p99: 8) with { ComparedWith = "lookup" }, 1),
            Round(RunResultTests.Stats("noop", rps: 1000, p50: 1, p99: 4, baseline: true), 2),
            Round(RunResultTests.Stats("lookup", rps: 500, p50: 2, p99: 8), 2),
            Round(RunResultTests.Stats("lookup-alias", rps: 475, p50: 4, p99: 8) with { ComparedWith = "lookup" }, 2),
            Round(RunResultTests.Stats("noop", rps: 1500, p50: 1, p99: 4, baseline: true), 3),
            Round(RunResultTests.Stats("lookup", rps: 800, p50: 2, p99: 8), 3),
            Round(RunResultTests.Stats("lookup-alias", rps: 680, p50: 2, p99: 16) with { ComparedWith = "lookup" }, 3));

        Assert.Equal(
            [new ScenarioRatio("lookup-alias #1", "lookup #1", 0.9, 1, 1), new ScenarioRatio("lookup-alias #2", "lookup #2", 0.95, 2, 1), new ScenarioRatio("lookup-alias #3", "lookup #3", 0.85, 1, 2)],
            result.RatiosVsComparedWith());
        Assert.Equal(new MedianRatio("lookup-alias", "lookup", 3, 0.9, 0.85, 0.95, 1, 1), Assert.Single(result.MedianRatiosVsComparedWith()));
        Assert.Contains("| lookup-alias | lookup | 0.90× | 0.85× | 0.95× | 1.00× | 1.00× |", MarkdownReport.Render(result, "t"));
    }

    [Fact]
    public async Task A_scenario_compared_with_one_not_in_the_run_is_refused()
    {
        var scenario = Noop("a", 10, Ms(100));

        await Assert.ThrowsAsync<ArgumentException>(() => ScenarioRunner.Run(Options, [scenario, Noop("b", 10, Ms(100)).CompareWith("c")], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => ScenarioRunner.Run(Options, [scenario.CompareWith("a")], CancellationToken.None));
    }

    [Fact]
    public async Task Rounds_are_refused_for_concurrent_runs_and_must_be_at_least_one()
    {
        var scenario = Noop("a", 10, Ms(100));

        await Assert.ThrowsAsync<ArgumentException>(() => ScenarioRunner.Run(Options with { Concurrent = true, Rounds = 2 }, [scenario], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ScenarioRunner.Run(Options with { Rounds = 0 }, [scenario], CancellationToken.None));
    }

    private static ScenarioStats Round(ScenarioStats stats, int round) =>
        stats with { Name = $"{stats.Name} #{round}", Scenario = stats.Name, Round = round };

    /// <summary>
    /// What ran, in order: a scenario's name once per stretch of its calls, which run concurrently (so the check of the
    /// last entry and the append happen under one lock), and the steps around them.
    /// </summary>
    private sealed class RunOrder
    {
        private readonly List<string> entries = [];

        public string[] Entries
        {
            get
            {
                lock (entries)
                {
                    return [.. entries];
                }
            }
        }

        public void Called(string scenario)
        {
            lock (entries)
            {
                if (entries.Count == 0 || entries[^1] != scenario)
                {
                    entries.Add(scenario);
                }
            }
        }

        public void Add(string step)
        {
            lock (entries)
            {
                entries.Add(step);
            }
        }
    }
}
