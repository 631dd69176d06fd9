namespace Personalization.LoadTests.Runner;

public static class ScenarioRunner
{
    public static Task<RunResult> Run(params Scenario[] scenarios) => Run(new RunnerOptions(), scenarios);

    public static Task<RunResult> Run(RunnerOptions options, params Scenario[] scenarios) => Run(options, scenarios, CancellationToken.None);

    /// <summary>
    /// Runs every init, then the scenarios' load (concurrently or one after another), then every clean step,
    /// and evaluates thresholds over the final statistics. Cancelling <paramref name="cancellationToken"/> ends
    /// the load early, as the deadline does.
    /// </summary>
    public static async Task<RunResult> Run(RunnerOptions options, IReadOnlyList<Scenario> scenarios, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scenarios);
        Validate(options, scenarios);

        RaiseMinWorkerThreads(options.MinWorkerThreads);
        var startedAt = DateTimeOffset.UtcNow;
        var deadline = options.Deadline ?? PlannedDuration(options, scenarios) + options.DeadlineSlack;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(deadline);
        using var hardStop = new HardStop(deadline + options.DrainTimeout);

        var logLock = new object();
        var logs = scenarios.ToDictionary(s => s.Name, s => new ScenarioLog(s.Name, options.Log, logLock, options.MaxLogLinesPerScenario));

        for (var i = 0; i < scenarios.Count; i++)
        {
            var scenario = scenarios[i];
            try
            {
                if (scenario.Init is not null)
                {
                    await scenario.Init(new ScenarioInitContext(scenario.Name, logs[scenario.Name], stop.Token));
                }
            }
            catch (Exception ex)
            {
                // Scenarios initialised so far may hold resources (test data, connections) that their clean step releases.
                foreach (var initialised in scenarios.Take(i))
                {
                    await Clean(initialised, logs[initialised.Name], options.DrainTimeout);
                }

                throw new ScenarioInitException(scenario.Name, ex);
            }
        }

        var executions = scenarios.Select((s, i) => new ScenarioExecution(s, i, options, logs[s.Name], stop.Token, hardStop.Task)).ToArray();
        ScenarioStats[] stats;
        if (options.Concurrent)
        {
            stats = await Task.WhenAll(executions.Select(e => RunAndClean(e, logs[e.Scenario.Name], options.DrainTimeout)));
        }
        else if (options.Rounds == 1)
        {
            stats = new ScenarioStats[executions.Length];
            for (var i = 0; i < executions.Length; i++)
            {
                stats[i] = await RunAndClean(executions[i], logs[executions[i].Scenario.Name], options.DrainTimeout);
            }
        }
        else
        {
            stats = await RunRounds(executions, options, logs);
        }

        foreach (var log in logs.Values)
        {
            log.WriteSuppressedSummary();
        }

        var judged = stats.Select((s, i) => s with { Thresholds = scenarios[i % scenarios.Count].Thresholds.Select(t => t.Evaluate(s)).ToArray() }).ToArray();
        return new RunResult(startedAt, DateTimeOffset.UtcNow - startedAt, options.Concurrent, judged);
    }

    /// <summary>Every scenario in turn, <see cref="RunnerOptions.Rounds"/> times over; each is cleaned after its last round.</summary>
    private static async Task<ScenarioStats[]> RunRounds(ScenarioExecution[] executions, RunnerOptions options, Dictionary<string, ScenarioLog> logs)
    {
        var stats = new List<ScenarioStats>(executions.Length * options.Rounds);
        try
        {
            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var execution in executions)
                {
                    logs[execution.Scenario.Name].Progress($"round {round} of {options.Rounds}");
                    var figures = await execution.Run();
                    stats.Add(figures with { Name = $"{figures.Name} #{round}", Scenario = figures.Name, Round = round });
                }
            }
        }
        finally
        {
            foreach (var execution in executions)
            {
                await Clean(execution.Scenario, logs[execution.Scenario.Name], options.DrainTimeout);
            }
        }

        return [.. stats];
    }

    private static async Task<ScenarioStats> RunAndClean(ScenarioExecution execution, ScenarioLog log, TimeSpan cleanBudget)
    {
        try
        {
            return await execution.Run();
        }
        finally
        {
            await Clean(execution.Scenario, log, cleanBudget);
        }
    }

    /// <summary>
    /// Clean gets its own time budget rather than the run's token, which may already be cancelled when the run
    /// was stopped, exactly when releasing resources matters most.
    /// </summary>
    private static async Task Clean(Scenario scenario, ScenarioLog log, TimeSpan budget)
    {
        if (scenario.Clean is null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(budget);
        try
        {
            await scenario.Clean(new ScenarioInitContext(scenario.Name, log, timeout.Token)).WaitAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            log.Error(ex, "clean failed");
        }
    }

    /// <summary>
    /// Calls start on the thread pool. When a host keeps some pool threads blocked (test runners do), the pool adds
    /// threads only about twice a second, and every call due meanwhile would start hundreds of milliseconds late:
    /// honest in the numbers, but a fault of the runner rather than the target. Below its minimum the pool adds
    /// threads at once. The setting is process-wide and is only ever raised.
    /// </summary>
    private static void RaiseMinWorkerThreads(int minimum)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < minimum)
        {
            ThreadPool.SetMinThreads(minimum, completionPorts);
        }
    }

    private static TimeSpan PlannedDuration(RunnerOptions options, IReadOnlyList<Scenario> scenarios)
    {
        var each = scenarios.Select(s => s.BeforeRunBudget + s.WarmUpDuration + s.LoadDuration + options.DrainTimeout).ToArray();
        return options.Concurrent ? each.Max() : options.Rounds * each.Aggregate(TimeSpan.Zero, (a, b) => a + b);
    }

    private static void Validate(RunnerOptions options, IReadOnlyList<Scenario> scenarios)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxInFlight, 1, nameof(options.MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxCallsPerScenario, 1, nameof(options.MaxCallsPerScenario));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DrainTimeout, TimeSpan.Zero, nameof(options.DrainTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLogLinesPerScenario, 0, nameof(options.MaxLogLinesPerScenario));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinWorkerThreads, 1, nameof(options.MinWorkerThreads));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Rounds, 1, nameof(options.Rounds));
        if (options.Rounds > 1 && options.Concurrent)
        {
            throw new ArgumentException("rounds are for scenarios run one after another; a concurrent run has one", nameof(options));
        }

        if (options.Deadline is { } deadline)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(deadline, TimeSpan.Zero, nameof(options.Deadline));
        }

        if (scenarios.Count == 0)
        {
            throw new ArgumentException("give at least one scenario", nameof(scenarios));
        }

        var duplicate = scenarios.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"scenario name '{duplicate.Key}' is used more than once", nameof(scenarios));
        }

        if (scenarios.Count(s => s.IsBaseline) > 1)
        {
            throw new ArgumentException("at most one scenario can be the baseline", nameof(scenarios));
        }

        foreach (var scenario in scenarios)
        {
            if (scenario.LoadSimulations.Count == 0)
            {
                throw new ArgumentException($"scenario '{scenario.Name}' has no load simulations", nameof(scenarios));
            }

            if (scenario.ComparedWith is { } reference && (reference == scenario.Name || !scenarios.Any(s => s.Name == reference)))
            {
                throw new ArgumentException($"scenario '{scenario.Name}' is compared with '{reference}', which is not another scenario of the run", nameof(scenarios));
            }

            var copies = scenario.LoadSimulations.OfType<KeepConstantSimulation>().Select(s => s.Copies).DefaultIfEmpty(0).Max();
            var bound = scenario.MaxInFlight ?? options.MaxInFlight;
            if (copies > bound)
            {
                throw new ArgumentException($"scenario '{scenario.Name}' keeps {copies} copies but at most {bound} calls may be in flight", nameof(scenarios));
            }
        }
    }

    /// <summary>Completes when even a scenario that ignores cancellation must be given up on.</summary>
    private sealed class HardStop : IDisposable
    {
        private readonly CancellationTokenSource _timer = new();

        public HardStop(TimeSpan after)
        {
            Task = Task.Delay(after, _timer.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        public Task Task { get; }

        public void Dispose()
        {
            _timer.Cancel();
            _timer.Dispose();
        }
    }
}
