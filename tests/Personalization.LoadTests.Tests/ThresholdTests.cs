using Personalization.LoadTests.Runner;
using static Personalization.LoadTests.Tests.TestRuns;

namespace Personalization.LoadTests.Tests;

public class ThresholdTests
{
    [Fact]
    public async Task A_threshold_that_does_not_hold_fails_the_run_and_names_itself()
    {
        var scenario = Scenario.Create("slow", async ctx =>
            {
                await Task.Delay(20, ctx.CancellationToken);
                return Response.Ok();
            })
            .WithLoadSimulations(Simulation.Inject(50, TimeSpan.FromSeconds(1), Ms(300)))
            .WithThresholds(
                Threshold.Create(stats => stats.Fail.Percent < 1),
                Threshold.Create(stats => stats.Ok.Latency.P99Ms < 5));

        var result = await ScenarioRunner.Run(Options, scenario);

        Assert.False(result.ThresholdsPassed);
        var stats = result["slow"];
        Assert.Equal([true, false], stats.Thresholds.Select(t => t.Passed));
        var failed = Assert.Single(result.FailedThresholds);
        Assert.Equal("slow", failed.Scenario);
        Assert.Equal("stats => stats.Ok.Latency.P99Ms < 5", failed.Threshold.Description);
    }

    [Fact]
    public async Task A_run_whose_thresholds_hold_passes()
    {
        var scenario = Noop("fast", 50, Ms(200)).WithThresholds(Threshold.Create(s => s.Ok.Count == 10, "ten calls"));

        var result = await ScenarioRunner.Run(Options, scenario);

        Assert.True(result.ThresholdsPassed);
        Assert.Equal("ten calls", result["fast"].Thresholds.Single().Description);
    }

    [Fact]
    public async Task A_scenario_that_made_no_calls_fails_latency_and_percentage_thresholds()
    {
        var scenario = Noop("idle", 0, Ms(100)).WithThresholds(
            Threshold.Create(stats => stats.Ok.Latency.P99Ms < 10),
            Threshold.Create(stats => stats.Fail.Percent < 1));

        var result = await ScenarioRunner.Run(Options, scenario);

        Assert.All(result["idle"].Thresholds, t => Assert.False(t.Passed));
        Assert.True(double.IsNaN(result["idle"].Ok.Latency.P50Ms));
    }

    [Fact]
    public async Task A_predicate_that_throws_is_a_failed_threshold_with_the_error()
    {
        var scenario = Noop("fragile", 50, Ms(100)).WithThresholds(Threshold.Create(stats => stats.FailReasons[0].Count == 0));

        var result = await ScenarioRunner.Run(Options, scenario);

        var threshold = result["fragile"].Thresholds.Single();
        Assert.False(threshold.Passed);
        Assert.StartsWith("ArgumentOutOfRangeException", threshold.Error);
    }
}
