using Personalization.LoadTests.Runner;

namespace Personalization.LoadTests;

/// <summary>What the command line passes to a scenario set when it builds its scenarios.</summary>
public sealed record ScenarioSetOptions(TimeSpan Duration, TimeSpan WarmUp, int Rate, Uri Target);

public sealed record ScenarioSet(string Name, string Description, Func<ScenarioSetOptions, IReadOnlyList<Scenario>> Build);

/// <summary>
/// The named sets the command line can run. HTTP sets against the engine belong here beside selftest:
/// each builds its scenarios from <see cref="ScenarioSetOptions.Target"/> and should include a no-op
/// baseline scenario marked with <see cref="Scenario.AsBaseline"/> so the reports can show ratios.
/// </summary>
public static class ScenarioSets
{
    public static IReadOnlyList<ScenarioSet> All { get; } =
    [
        new("selftest", "exercises the runner without a server: an in-process delay scenario against a no-op baseline", SelfTest),
    ];

    public static ScenarioSet? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Each delay call waits 2–3 ms and every 500th fails on purpose, so a healthy run shows failures being
    /// counted and a median no lower than the delay itself.
    /// </summary>
    private static IReadOnlyList<Scenario> SelfTest(ScenarioSetOptions options)
    {
        var load = Simulation.Inject(options.Rate, TimeSpan.FromSeconds(1), options.Duration);
        var noop = Scenario.Create("noop", _ => Task.FromResult(Response.Ok()))
            .AsBaseline()
            .WithWarmUpDuration(options.WarmUp)
            .WithLoadSimulations(load)
            .WithThresholds(Threshold.Create(stats => stats.Ok.Count > 0));
        var delay = Scenario.Create("delay", async ctx =>
            {
                await Task.Delay(ctx.Random.Next(2, 4), ctx.CancellationToken);
                return ctx.InvocationNumber % 500 == 499 ? Response.Fail("deliberate failure of every 500th call") : Response.Ok(sizeBytes: 128);
            })
            .WithWarmUpDuration(options.WarmUp)
            .WithLoadSimulations(load)
            .WithThresholds(Threshold.Create(stats => stats.Ok.Latency.P50Ms >= 1));
        return [noop, delay];
    }
}
