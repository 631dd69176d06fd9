using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using Personalization.LoadTests.Runner;
using Personalization.LoadTests.Runner.Reports;
using Personalization.LoadTests.Scenarios;

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

    private static readonly Option<int> RoundsOption = new("--rounds")
    {
        Description = "Run the set's scenarios one after another this many times over; ratios are taken within each round and their median reported",
        DefaultValueFactory = _ => 1,
        CustomParser = r => (int)ParseAtLeastOne(r, 100),
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

    private static readonly Option<bool> StartHostOption = new("--start-host")
    {
        Description = "Start the built host as a process of its own on free loopback ports (baseline endpoints on, example segments off), load it and kill it at the end; --target is then ignored",
    };

    private static readonly Option<string> HostDllOption = new("--host-dll")
    {
        Description = "The host to start with --start-host",
        DefaultValueFactory = _ => HostProcess.DefaultDll,
    };

    private static readonly Option<string[]> HostSettingOption = new("--host-setting")
    {
        Description = "Extra host configuration for --start-host as key=value, e.g. Storage:Durability=Buffered; repeatable",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string?> ApiKeyOption = new("--api-key")
    {
        Description = "An API key (32 characters or more) every HTTP call sends; with --start-host the host requires keys, takes it as its bootstrap key and gets rate limits far above any load",
    };

    private static readonly Option<Uri?> ProtectedTargetOption = new("--protected-target")
    {
        Description = "Base URL of a host of the same build requiring --api-key, for the access set (started by itself with --start-host)",
        CustomParser = ParseTarget,
    };

    private static readonly Option<string?> AzureTableOption = new("--azure-table")
    {
        Description = "Connection string of the Azure Table storage (e.g. Azurite) the engine keeps customers in, for the durable set; with --start-host the host is started on it in Acknowledged mode, in a table of its own",
    };

    private static readonly Option<string> AzureTableNameOption = new("--azure-table-name")
    {
        Description = "The table of --target's customers in --azure-table (set by itself with --start-host)",
        DefaultValueFactory = _ => "PersonalizationState",
    };

    private static readonly Option<int?> GatewayPortOption = new("--gateway-port")
    {
        Description = "Orleans gateway port of --target, for the Orleans-client scenarios (known by itself with --start-host)",
    };

    private static readonly Option<string> ClusterIdOption = new("--cluster-id")
    {
        Description = "Orleans cluster id of --target",
        DefaultValueFactory = _ => "personalization",
    };

    private static readonly Option<int?> CopiesOption = new("--copies")
    {
        Description = "Closed model for throughput: keep this many calls going per scenario instead of injecting --rate",
        CustomParser = r => (int)ParseAtLeastOne(r, int.MaxValue),
    };

    private static readonly Option<int> CustomersOption = new("--customers")
    {
        Description = "Known visitors stored before the load (or, for memory, customers activated)",
        DefaultValueFactory = _ => 10_000,
        CustomParser = r => (int)ParseAtLeastOne(r, 10_000_000),
    };

    private static readonly Option<int> SegmentsOption = new("--segments")
    {
        Description = "Segments in the generated catalog",
        DefaultValueFactory = _ => 100,
        CustomParser = r => (int)ParseAtLeastOne(r, 10_000),
    };

    private static readonly Option<int> BatchSizeOption = new("--batch-size")
    {
        Description = "Events per request in batched ingest and replay (the API takes at most 1000)",
        DefaultValueFactory = _ => 1_000,
        CustomParser = r => (int)ParseAtLeastOne(r, 1_000),
    };

    public static RootCommand Build()
    {
        SetArgument.AcceptOnlyFromAmong(ScenarioSets.All.Select(s => s.Name).ToArray());

        var root = new RootCommand("Load tests for the Personalization engine, driven by a small NBomber-shaped runner.")
        {
            SetArgument, DurationOption, WarmUpOption, RateOption, TargetOption, AllowRemoteOption, OutOption, TitleOption, ConcurrentOption, RoundsOption,
            MaxInFlightOption, MaxCallsOption, DeadlineOption, MaxFailPercentOption, MaxDroppedPercentOption, MaxP99Option, SeedOption,
            StartHostOption, HostDllOption, HostSettingOption, ApiKeyOption, ProtectedTargetOption, AzureTableOption, AzureTableNameOption, GatewayPortOption, ClusterIdOption, CopiesOption, CustomersOption, SegmentsOption, BatchSizeOption,
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

        // Refused before a host is started for it.
        if (parse.GetValue(RoundsOption) > 1 && (parse.GetValue(ConcurrentOption) || set.Concurrent))
        {
            await error.WriteLineAsync($"--rounds needs scenarios run one after another; {(set.Concurrent ? $"the {set.Name} set runs its scenarios together" : "leave out --concurrent")}.");
            return ExitCodes.NotRun;
        }

        if (set.Sequential && parse.GetValue(ConcurrentOption))
        {
            await error.WriteLineAsync($"The {set.Name} set changes the engine between its scenarios, so they run one after another; leave out --concurrent.");
            return ExitCodes.NotRun;
        }

        var outDir = parse.GetValue(OutOption) ?? Path.Combine("load-results", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var setOptions = new ScenarioSetOptions(parse.GetValue(DurationOption), parse.GetValue(WarmUpOption), parse.GetValue(RateOption), target)
        {
            Copies = parse.GetValue(CopiesOption),
            Customers = parse.GetValue(CustomersOption),
            Segments = parse.GetValue(SegmentsOption),
            BatchSize = parse.GetValue(BatchSizeOption),
            GatewayPort = parse.GetValue(GatewayPortOption),
            ClusterId = parse.GetValue(ClusterIdOption)!,
            OutputFolder = outDir,
            ApiKey = parse.GetValue(ApiKeyOption),
        };
        if (parse.GetValue(AzureTableOption) is { } azureTable)
        {
            // A started host gets a fresh table, so earlier runs' customers neither slow nor skew this one.
            var tableName = parse.GetValue(StartHostOption) ? $"loadtest{Guid.NewGuid():N}" : parse.GetValue(AzureTableNameOption)!;
            setOptions = setOptions with { AzureTable = new AzureTableTarget(azureTable, tableName) };
        }
        else if (set.NeedsAzureTable)
        {
            await error.WriteLineAsync($"The {set.Name} set measures the engine on Azure Table storage: pass --azure-table <connection string>.");
            return ExitCodes.NotRun;
        }

        if (set.NeedsProtectedHost)
        {
            // Started hosts take a fresh random key; a running protected host needs the key it was given.
            var apiKey = setOptions.ApiKey ?? (parse.GetValue(StartHostOption) ? Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) : null);
            var protectedTarget = parse.GetValue(ProtectedTargetOption);
            if (apiKey is null || (protectedTarget is null && !parse.GetValue(StartHostOption)))
            {
                await error.WriteLineAsync($"The {set.Name} set compares an open host with one requiring keys: pass --protected-target <url> and --api-key <key>, or --start-host.");
                return ExitCodes.NotRun;
            }

            setOptions = setOptions with { ApiKey = apiKey, ProtectedTarget = protectedTarget };
        }

        var hosts = new List<HostProcess>();
        try
        {
            if (parse.GetValue(StartHostOption))
            {
                try
                {
                    setOptions = await StartHostsAsync(set, setOptions, parse, outDir, hosts, cancellationToken);
                }
                catch (Exception ex) when (ex is FileNotFoundException or InvalidOperationException or TimeoutException or ArgumentException)
                {
                    await error.WriteLineAsync(ex.Message);
                    return ExitCodes.NotRun;
                }
            }

            return await RunSet(set, setOptions, parse, outDir, cancellationToken);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Starts the host the set loads (added to <paramref name="hosts"/> as it starts) and returns the options aimed at it.
    /// The access set's open host gets no key, and its protected twin the same settings and the key.
    /// </summary>
    private static async Task<ScenarioSetOptions> StartHostsAsync(
        ScenarioSet set, ScenarioSetOptions setOptions, ParseResult parse, string outDir, List<HostProcess> hosts, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        string[] extra = parse.GetValue(HostSettingOption) ?? [];
        var host = await StartHostAsync(parse, [.. StorageSettings(setOptions), .. set.NeedsProtectedHost ? [] : SecuritySettings(setOptions), .. set.HostSettings, .. extra], Path.Combine(outDir, "host.log"), cancellationToken);
        hosts.Add(host);
        setOptions = setOptions with { Target = host.BaseAddress, GatewayPort = host.GatewayPort, ClusterId = host.ClusterId };
        await output.WriteLineAsync($"host started: process {host.ProcessId}, {host.BaseAddress}, gateway port {host.GatewayPort}, log {host.LogPath}");
        if (!set.NeedsProtectedHost)
        {
            return setOptions;
        }

        // A table of its own, if any, so that the two hosts' customers stay apart.
        var securedStorage = setOptions with { AzureTable = setOptions.AzureTable is { } table ? table with { TableName = table.TableName + "protected" } : null };
        var secured = await StartHostAsync(parse, [.. StorageSettings(securedStorage), .. SecuritySettings(setOptions), .. set.HostSettings, .. extra], Path.Combine(outDir, "protected-host.log"), cancellationToken);
        hosts.Add(secured);
        await output.WriteLineAsync($"protected host started: process {secured.ProcessId}, {secured.BaseAddress}, log {secured.LogPath}");
        return setOptions with { ProtectedTarget = secured.BaseAddress };
    }

    private static Task<HostProcess> StartHostAsync(ParseResult parse, string[] settings, string logPath, CancellationToken cancellationToken) =>
        HostProcess.StartAsync(parse.GetValue(HostDllOption)!, settings, logPath, TimeSpan.FromSeconds(60), cancellationToken);

    private static async Task<int> RunSet(ScenarioSet set, ScenarioSetOptions setOptions, ParseResult parse, string outDir, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var thresholds = CommonThresholds(parse);
        var scenarios = set.Build(setOptions).Select(s => s.WithThresholds([.. s.Thresholds, .. thresholds])).ToArray();
        var runnerOptions = new RunnerOptions
        {
            Concurrent = parse.GetValue(ConcurrentOption) || set.Concurrent,
            Rounds = parse.GetValue(RoundsOption),
            MaxInFlight = parse.GetValue(MaxInFlightOption),
            MaxCallsPerScenario = parse.GetValue(MaxCallsOption),
            Deadline = parse.GetValue(DeadlineOption),
            DeadlineSlack = new RunnerOptions().DeadlineSlack + SetUpAllowance(setOptions),
            Log = error,
            Seed = parse.GetValue(SeedOption),
        };

        var load = setOptions.Copies is { } copies ? $"{copies} copies" : $"{setOptions.Rate}/s";
        await output.WriteLineAsync($"{set.Name}: {scenarios.Length} scenarios, {(runnerOptions.Concurrent ? "concurrently" : "one after another")}{(runnerOptions.Rounds > 1 ? $", {runnerOptions.Rounds} rounds" : "")}, " +
            $"{load} for {DurationText.Format(setOptions.Duration)} after {DurationText.Format(setOptions.WarmUp)} warm-up, target {setOptions.Target}");
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

    /// <summary>A started host keeps its customers in --azure-table, in a table of this run's, answering events once they are stored.</summary>
    /// <summary>
    /// A started host given <c>--api-key</c> requires keys and takes it as its bootstrap key (every scope); every scope's
    /// rate limit is raised far above any load, so the figures measure the key check and not the limiter refusing.
    /// </summary>
    private static string[] SecuritySettings(ScenarioSetOptions options) => options.ApiKey is { } apiKey ? ProtectedHostSettings(apiKey) : [];

    internal static string[] ProtectedHostSettings(string apiKey) =>
    [
        "Security:RequireApiKeys=true", $"Security:BootstrapKey={apiKey}",
        .. Personalization.Security.ApiScopes.All.SelectMany(scope => (string[])[
            $"Security:RateLimits:{scope}:PermitsPerSecond=10000000", $"Security:RateLimits:{scope}:Burst=10000000"]),
    ];

    private static string[] StorageSettings(ScenarioSetOptions options) => options.AzureTable is { } storage
        ? ["Storage:Provider=AzureTable", $"Storage:ConnectionString={storage.ConnectionString}", $"Storage:TableName={storage.TableName}", "Storage:Durability=Acknowledged"]
        : [];

    /// <summary>
    /// Inits store the catalog and the known visitors before any load, inside the run's deadline; a generous bound on
    /// that time (a hundred visitors a second, as on a busy shared machine, catalogs compiled once per stored segment) keeps big runs from
    /// being cut off while a hung one still ends.
    /// </summary>
    private static TimeSpan SetUpAllowance(ScenarioSetOptions options) =>
        TimeSpan.FromSeconds(options.Customers / 100.0 + options.Segments * options.Segments / 20_000.0);

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
