using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using Personalization.LoadTests.Runner;
using Personalization.LoadTests.Runner.Reports;

namespace Personalization.LoadTests;

public static class ExitCodes
{
    public const int Passed = 0;
    public const int ThresholdsFailed = 1;

    /// <summary>Nothing was measured: bad arguments, a refused target or a failed scenario init.</summary>
    public const int NotRun = 2;
}

public static class LoadTestCli
{
    private static readonly Argument<string> SetArgument = new("scenario-set")
    {
        Description = "Scenario set to run: " + string.Join("; ", ScenarioSets.All.Select(s => $"{s.Name} ({s.Description})")),
    };

    private static readonly Option<TimeSpan> DurationOption = new("--duration")
    {
        Description = "Measured load per scenario, e.g. 10s, 500ms, 1m30s",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(10),
        CustomParser = r => ParseDuration(r, allowZero: false),
    };

    private static readonly Option<TimeSpan> WarmUpOption = new("--warmup")
    {
        Description = "Unmeasured load before each scenario; 0s for none",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(2),
        CustomParser = r => ParseDuration(r, allowZero: true),
    };

    private static readonly Option<int> RateOption = new("--rate")
    {
        Description = "Calls per second offered to each scenario",
        DefaultValueFactory = _ => 100,
        CustomParser = r => (int)ParseAtLeastOne(r, int.MaxValue),
    };

    private static readonly Option<Uri> TargetOption = new("--target")
    {
        Description = "Base URL of the engine under test",
        DefaultValueFactory = _ => new Uri("http://127.0.0.1:5080"),
        CustomParser = ParseTarget,
    };

    private static readonly Option<bool> AllowRemoteOption = new("--allow-remote")
    {
        Description = "Allow a target that is not a loopback address (off so that load is never sent elsewhere by accident)",
    };

    private static readonly Option<string?> OutOption = new("--out")
    {
        Description = "Folder for the reports; default load-results/<UTC timestamp>",
    };

    private static readonly Option<string> TitleOption = new("--title")
    {
        Description = "Title of the reports",
        DefaultValueFactory = _ => "Personalization load test",
    };

    private static readonly Option<bool> ConcurrentOption = new("--concurrent")
    {
        Description = "Run the set's scenarios at the same time instead of one after another (sequential gives cleaner ratios vs the baseline)",
    };

    private static readonly Option<int> MaxInFlightOption = new("--max-in-flight")
    {
        Description = "Calls running at once per scenario; calls due beyond it are dropped and counted",
        DefaultValueFactory = _ => new RunnerOptions().MaxInFlight,
        CustomParser = r => (int)ParseAtLeastOne(r, int.MaxValue),
    };

    private static readonly Option<long> MaxCallsOption = new("--max-calls")
    {
        Description = "Hard cap on calls per scenario, warm-up included",
        DefaultValueFactory = _ => new RunnerOptions().MaxCallsPerScenario,
        CustomParser = r => ParseAtLeastOne(r, long.MaxValue),
    };

    private static readonly Option<TimeSpan?> DeadlineOption = new("--deadline")
    {
        Description = "Wall-clock limit for the whole run; default the planned time plus 30s",
        CustomParser = r => ParseDuration(r, allowZero: false),
    };

    private static readonly Option<double> MaxFailPercentOption = new("--max-fail-percent")
    {
        Description = "Threshold for every scenario: failed calls as a percentage of calls run",
        DefaultValueFactory = _ => 1,
    };

    private static readonly Option<double> MaxDroppedPercentOption = new("--max-dropped-percent")
    {
        Description = "Threshold for every scenario: calls dropped at the in-flight bound as a percentage of calls scheduled",
        DefaultValueFactory = _ => 0,
    };

    private static readonly Option<double?> MaxP99Option = new("--max-p99-ms")
    {
        Description = "Threshold for every scenario: p99 latency of ok calls in milliseconds",
    };

    private static readonly Option<int?> SeedOption = new("--seed")
    {
        Description = "Seed for each scenario instance's random numbers, for repeatable data choices",
    };

    public static RootCommand Build()
    {
        SetArgument.AcceptOnlyFromAmong(ScenarioSets.All.Select(s => s.Name).ToArray());

        var root = new RootCommand("Load tests for the Personalization engine, driven by a small NBomber-shaped runner.")
        {
            SetArgument, DurationOption, WarmUpOption, RateOption, TargetOption, AllowRemoteOption, OutOption, TitleOption, ConcurrentOption,
            MaxInFlightOption, MaxCallsOption, DeadlineOption, MaxFailPercentOption, MaxDroppedPercentOption, MaxP99Option, SeedOption,
        };
        root.SetAction((parse, cancellationToken) => Execute(parse, cancellationToken));
        return root;
    }

    /// <summary>Parses and runs; parse errors exit with <see cref="ExitCodes.NotRun"/> so that 1 always means thresholds failed.</summary>
    public static async Task<int> Invoke(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parse = Build().Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync("Run with --help for the options.");
            return ExitCodes.NotRun;
        }

        // On Ctrl+C the runner stops the load, drains and still writes the reports; give it time to.
        var invocation = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromSeconds(15) };
        return await parse.InvokeAsync(invocation, cancellationToken);
    }

    private static async Task<int> Execute(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var set = ScenarioSets.Find(parse.GetRequiredValue(SetArgument))!;
        var target = parse.GetRequiredValue(TargetOption);
        if (!IsLoopback(target) && !parse.GetValue(AllowRemoteOption))
        {
            await error.WriteLineAsync($"{target} is not a loopback address; pass --allow-remote if you really mean to load it.");
            return ExitCodes.NotRun;
        }

        var setOptions = new ScenarioSetOptions(parse.GetValue(DurationOption), parse.GetValue(WarmUpOption), parse.GetValue(RateOption), target);
        var thresholds = CommonThresholds(parse);
        var scenarios = set.Build(setOptions).Select(s => s.WithThresholds([.. s.Thresholds, .. thresholds])).ToArray();
        var runnerOptions = new RunnerOptions
        {
            Concurrent = parse.GetValue(ConcurrentOption),
            MaxInFlight = parse.GetValue(MaxInFlightOption),
            MaxCallsPerScenario = parse.GetValue(MaxCallsOption),
            Deadline = parse.GetValue(DeadlineOption),
            Log = error,
            Seed = parse.GetValue(SeedOption),
        };
        var outDir = parse.GetValue(OutOption) ?? Path.Combine("load-results", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));

        await output.WriteLineAsync($"{set.Name}: {scenarios.Length} scenarios, {(runnerOptions.Concurrent ? "concurrently" : "one after another")}, " +
            $"{setOptions.Rate}/s for {DurationText.Format(setOptions.Duration)} after {DurationText.Format(setOptions.WarmUp)} warm-up, target {target}");
        RunResult result;
        try
        {
            result = await ScenarioRunner.Run(runnerOptions, scenarios, cancellationToken);
        }
        catch (ScenarioInitException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return ExitCodes.NotRun;
        }

        var files = RunReports.Write(result, outDir, parse.GetValue(TitleOption)!);
        ConsoleSummary.Write(output, result, files);
        return result.ThresholdsPassed ? ExitCodes.Passed : ExitCodes.ThresholdsFailed;
    }

    private static List<Threshold> CommonThresholds(ParseResult parse)
    {
        var maxFail = parse.GetValue(MaxFailPercentOption);
        var maxDropped = parse.GetValue(MaxDroppedPercentOption);
        var thresholds = new List<Threshold>
        {
            Threshold.Create(s => s.Fail.Percent <= maxFail, $"failed calls <= {maxFail.ToString(CultureInfo.InvariantCulture)} %"),
            Threshold.Create(s => s.Dropped.Count == 0 || s.Dropped.Percent <= maxDropped, $"dropped calls <= {maxDropped.ToString(CultureInfo.InvariantCulture)} %"),
        };
        if (parse.GetValue(MaxP99Option) is { } maxP99)
        {
            thresholds.Add(Threshold.Create(s => s.Ok.Latency.P99Ms <= maxP99, $"p99 <= {maxP99.ToString(CultureInfo.InvariantCulture)} ms"));
        }

        return thresholds;
    }

    private static bool IsLoopback(Uri target) =>
        target.IsLoopback || (IPAddress.TryParse(target.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static TimeSpan ParseDuration(ArgumentResult result, bool allowZero)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (!DurationText.TryParse(text, out var value))
        {
            result.AddError($"'{text}' is not a duration; write e.g. 500ms, 10s, 2m or 1m30s");
        }
        else if (value < TimeSpan.Zero || (value == TimeSpan.Zero && !allowZero))
        {
            result.AddError($"{OptionName(result)} must be {(allowZero ? "zero or more" : "more than zero")}");
        }

        return value;
    }

    private static long ParseAtLeastOne(ArgumentResult result, long max)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 1 || value > max)
        {
            result.AddError($"{OptionName(result)} must be a whole number from 1 to {max}, not '{text}'");
            return 1;
        }

        return value;
    }

    private static string OptionName(ArgumentResult result) => (result.Parent as OptionResult)?.Option.Name ?? result.Argument.Name;

    private static Uri ParseTarget(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        result.AddError($"'{text}' is not an absolute http or https URL");
        return new Uri("http://127.0.0.1");
    }
}
