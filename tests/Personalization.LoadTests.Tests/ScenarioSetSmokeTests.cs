extern alias engine;

using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Personalization.LoadTests.Runner;
using Personalization.LoadTests.Scenarios;
using Personalization.Testing;

namespace Personalization.LoadTests.Tests;

/// <summary>The real host in memory with the baseline endpoints on and no example segments, on free loopback silo ports.</summary>
public class SmokeHost : WebApplicationFactory<engine::Program>
{
    public int GatewayPort { get; } = FreePort.Next();

    public string ClusterId { get; } = $"smoke-{Guid.NewGuid():N}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Orleans:SiloPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", GatewayPort.ToString());
        builder.UseSetting("Orleans:ClusterId", ClusterId);
        builder.UseSetting("Segments:LoadExamples", "false");
        builder.UseSetting("Diagnostics:BaselineEndpoints", "true");
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }
    }

    protected virtual IEnumerable<(string Key, string Value)> Settings() => [];

}

/// <summary>
/// Every scenario set runs for a second against the in-memory host, with a small population and catalog. The
/// thresholds catch breakage (a failed or dropped call, a scenario that made no call), never timing: this machine
/// is shared with the test runner, so latency here proves nothing.
/// </summary>
public sealed class ScenarioSetSmokeTests(SmokeHost host) : SmokeOutput, IClassFixture<SmokeHost>
{
    /// <summary>Sets needing other servers, or a host configured for them, have tests of their own below.</summary>
    public static TheoryData<string> Sets => new(ScenarioSets.All.Where(s => !s.NeedsAzureTable && !s.NeedsProtectedHost && s.HostSettings.Count == 0).Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Sets))]
    public async Task Every_scenario_of_the_set_runs_without_errors(string name)
    {
        await SmokeRun.RunAsync(host, name, Output, azureTable: null);
        if (name == "memory")
        {
            Assert.Contains("| customers activated", File.ReadAllText(Path.Combine(Output, "memory.md")));
        }
    }
}

/// <summary>The host keeping its customers on Azurite in Acknowledged mode, for the durable set.</summary>
public sealed class AzureTableSmokeHost : SmokeHost, IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();

    public AzureTableTarget Storage => new(azurite.ConnectionString, TableName);

    private string TableName { get; } = $"smoke{Guid.NewGuid():N}";

    public Task InitializeAsync() => azurite.InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await azurite.DisposeAsync();
    }

    protected override IEnumerable<(string Key, string Value)> Settings() => EngineStorageSettings.OnAzurite(azurite, TableName);
}

public sealed class DurableSetSmokeTests(AzureTableSmokeHost host) : SmokeOutput, IClassFixture<AzureTableSmokeHost>
{
    [Fact]
    public async Task The_durable_set_runs_against_the_storage_the_engine_writes_to()
    {
        var sets = ScenarioSets.All.Where(s => s.NeedsAzureTable).Select(s => s.Name).ToArray();
        Assert.Equal(["durable"], sets);

        var result = await SmokeRun.RunAsync(host, "durable", Output, host.Storage);

        Assert.True(result["storage-write"].IsBaseline);
        Assert.Equal(["storage-write", "ingest-acknowledged", "batch-acknowledged"], result.Scenarios.Select(s => s.Name));
    }
}

/// <summary>The host requiring keys as the load runner starts it: its bootstrap key, and rate limits far above any load.</summary>
public sealed class ProtectedSmokeHost : SmokeHost
{
    public string ApiKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    protected override IEnumerable<(string Key, string Value)> Settings() =>
        LoadTestCli.ProtectedHostSettings(ApiKey).Select(setting => setting.Split('=', 2)).Select(pair => (pair[0], pair[1]));
}

public sealed class AccessSetSmokeTests(SmokeHost open, ProtectedSmokeHost secured) : SmokeOutput, IClassFixture<SmokeHost>, IClassFixture<ProtectedSmokeHost>
{
    [Fact]
    public async Task The_access_set_runs_against_an_open_and_a_protected_host_and_compares_each_pair()
    {
        var result = await SmokeRun.RunAsync(open, "access", Output, azureTable: null, options => options with
        {
            ApiKey = secured.ApiKey,
            ProtectedTarget = new Uri("http://protected.invalid/"),
            CreateProtectedHttpClient = secured.CreateClient,
        });

        Assert.Equal(["noop-protected", "lookup-protected", "ingest-protected"], result.MedianRatiosVsComparedWith().Select(r => r.Target));
        Assert.Equal(["noop", "lookup-open", "ingest-open"], result.MedianRatiosVsComparedWith().Select(r => r.Baseline));
    }
}

/// <summary>The host as the load runner starts it for the population set (<see cref="ScenarioSet.HostSettings"/>: a short population refresh).</summary>
public sealed class PopulationSmokeHost : SmokeHost
{
    protected override IEnumerable<(string Key, string Value)> Settings() =>
        ScenarioSets.Find("population")!.HostSettings.Select(setting => setting.Split('=', 2)).Select(pair => (pair[0], pair[1]));
}

public sealed class PopulationSetSmokeTests(PopulationSmokeHost host) : SmokeOutput, IClassFixture<PopulationSmokeHost>
{
    [Fact]
    public async Task The_population_set_compares_each_scenario_with_its_plain_twin_and_leaves_the_generated_catalog()
    {
        Assert.Equal(["population"], ScenarioSets.All.Where(s => s.HostSettings.Count > 0).Select(s => s.Name));

        // The population scenarios' preparation fails the run unless the probe visitor's lookup answers with a refreshed
        // population and the fitted model, so a passing run has measured both. Two rounds: the second removes the ten
        // segments the first added and adds them again.
        var result = await SmokeRun.RunAsync(host, "population", Output, azureTable: null, rounds: 2);

        Assert.Equal(2, result.Rounds);
        Assert.Equal(["noop", "lookup", "ingest", "lookup-population", "ingest-population"], result.Scenarios.Select(s => s.Scenario).Distinct());
        Assert.Equal(["lookup-population", "ingest-population"], result.MedianRatiosVsComparedWith().Select(r => r.Target));
        Assert.Equal(["lookup", "ingest"], result.MedianRatiosVsComparedWith().Select(r => r.Baseline));
        using var client = host.CreateClient();
        var catalog = await client.GetStringAsync("/v1/segments");
        Assert.Contains(SegmentCatalogs.Id(0), catalog);
        Assert.All(PopulationCatalog.Segments, segment => Assert.DoesNotContain($"\"{segment.Id}\"", catalog));
        var model = await client.GetAsync("/v1/models/purchases");
        Assert.Equal(HttpStatusCode.OK, model.StatusCode);
    }
}

public sealed class SetRequirementTests
{
    [Theory]
    [InlineData("durable", "--azure-table")]
    [InlineData("access", "--protected-target")]
    public void A_set_without_the_servers_it_measures_says_what_it_needs(string set, string option)
    {
        var options = new ScenarioSetOptions(TimeSpan.FromSeconds(1), TimeSpan.Zero, 20, new Uri("http://127.0.0.1:5080"));
        var error = Assert.Throws<ArgumentException>(() => ScenarioSets.Find(set)!.Build(options));
        Assert.Contains(option, error.Message);
    }
}

/// <summary>The folder a smoke test's reports go to, deleted after the test.</summary>
public abstract class SmokeOutput : IDisposable
{
    protected string Output { get; } = Path.Combine(Path.GetTempPath(), "loadtests-smoke-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Output))
        {
            Directory.Delete(Output, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>Runs a set for a second with a small population and catalog; any failed, dropped or missing call fails the test.</summary>
internal static class SmokeRun
{
    public static async Task<RunResult> RunAsync(
        SmokeHost host, string name, string output, AzureTableTarget? azureTable, Func<ScenarioSetOptions, ScenarioSetOptions>? configure = null, int rounds = 1)
    {
        var set = ScenarioSets.Find(name)!;
        var options = new ScenarioSetOptions(TimeSpan.FromSeconds(1), TimeSpan.Zero, 20, host.Server.BaseAddress)
        {
            Customers = 50,
            Segments = 20,
            BatchSize = 50,
            GatewayPort = host.GatewayPort,
            ClusterId = host.ClusterId,
            OutputFolder = output,
            SettleTime = TimeSpan.Zero,
            CreateHttpClient = host.CreateClient,
            AzureTable = azureTable,
        };
        options = configure?.Invoke(options) ?? options;
        var noErrors = new[]
        {
            Threshold.Create(s => s.Ok.Count > 0, "some calls succeeded"),
            Threshold.Create(s => s.Fail.Count == 0, "no call failed"),
            Threshold.Create(s => s.Dropped.Count == 0, "no call was dropped"),
        };
        var scenarios = set.Build(options).Select(s => s.WithThresholds([.. s.Thresholds, .. noErrors])).ToArray();

        var result = await ScenarioRunner.Run(
            new RunnerOptions { Concurrent = set.Concurrent, Log = TextWriter.Null, DrainTimeout = TimeSpan.FromSeconds(10), Rounds = rounds },
            scenarios,
            CancellationToken.None);

        var failures = result.FailedThresholds
            .Select(f => $"{f.Scenario}: {f.Threshold.Description}; failures: {string.Join("; ", result[f.Scenario].FailReasons.Select(r => $"{r.Count}x {r.Message}"))}");
        Assert.True(result.ThresholdsPassed, string.Join("\n", failures));
        Assert.All(result.Scenarios, s => Assert.Equal(ScenarioEnd.Completed, s.End));
        return result;
    }
}
