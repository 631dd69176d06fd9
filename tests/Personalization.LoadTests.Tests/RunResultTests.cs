using Personalization.LoadTests.Runner;

namespace Personalization.LoadTests.Tests;

public class RunResultTests
{
    [Fact]
    public void Ratio_divides_target_throughput_and_latency_by_the_baseline()
    {
        var result = Result(Stats("noop", rps: 2000, p50: 0.5, p99: 2, baseline: true), Stats("lookup", rps: 500, p50: 1.5, p99: 10));

        var ratio = result.Ratio("lookup", "noop");

        Assert.Equal(new ScenarioRatio("lookup", "noop", 0.25, 3, 5), ratio);
        Assert.Equal([ratio], result.RatiosVsBaseline());
        Assert.Equal("noop", result.Baseline?.Name);
    }

    [Fact]
    public void Without_a_baseline_there_are_no_baseline_ratios()
    {
        var result = Result(Stats("a", 1, 1, 1), Stats("b", 1, 1, 1));

        Assert.Null(result.Baseline);
        Assert.Empty(result.RatiosVsBaseline());
    }

    [Fact]
    public void An_unknown_scenario_name_says_which_ones_exist()
    {
        var result = Result(Stats("a", 1, 1, 1));

        var error = Assert.Throws<KeyNotFoundException>(() => result.Ratio("missing", "a"));
        Assert.Contains("it has a", error.Message);
    }

    internal static RunResult Result(params ScenarioStats[] scenarios) =>
        new(DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(10), concurrent: false, scenarios);

    internal static ScenarioStats Stats(string name, double rps, double p50, double p99, bool baseline = false)
    {
        var count = (long)(rps * 10);
        var latency = new LatencyStats(count, p50 / 2, p50, 0.1, p50, p50, p99, p99, p99 * 2);
        return new ScenarioStats
        {
            Name = name,
            IsBaseline = baseline,
            Simulations = ["inject 1 per 1s for 10s"],
            Duration = TimeSpan.FromSeconds(10),
            Ok = new RequestStats(count, 100, rps, 0, latency),
            Fail = new RequestStats(0, 0, 0, 0, LatencyStats.Empty),
            Dropped = new DroppedStats(0, 0),
            ServiceTime = latency,
            FailReasons = [],
            Series = [],
        };
    }
}
