using Personalization.Testing;

namespace Personalization.LoadTests.Tests;

public sealed class CliTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "loadtests-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_selftest_set_runs_as_a_process_and_exits_zero()
    {
        var (exitCode, stdout, stderr) = await RunProcess("selftest", "--duration", "1s", "--warmup", "200ms", "--rate", "200", "--out", _directory);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains("noop (baseline)", stdout);
        Assert.Contains("delay vs noop: throughput", stdout);
        Assert.Contains("thresholds passed", stdout);
        Assert.All(new[] { "report.md", "report.html", "stats.csv", "timeseries.csv" }, f => Assert.True(File.Exists(Path.Combine(_directory, f)), f));
        var stats = Csv.Parse(File.ReadAllText(Path.Combine(_directory, "stats.csv")));
        Assert.Equal(["noop", "delay"], stats.Skip(1).Select(r => r[0]));
    }

    [Fact]
    public async Task A_failed_threshold_exits_one_and_still_writes_the_reports()
    {
        var (exitCode, stdout, _) = await Invoke("selftest", "--duration", "300ms", "--warmup", "0s", "--rate", "100", "--max-p99-ms", "0.0001", "--out", _directory);

        Assert.Equal(ExitCodes.ThresholdsFailed, exitCode);
        Assert.Contains("threshold failed in delay: p99 <= 0.0001 ms", stdout);
        Assert.Contains("thresholds FAILED", stdout);
        Assert.Contains("FAILED", File.ReadAllText(Path.Combine(_directory, "report.md")));
    }

    [Theory]
    [InlineData("no-such-set")]
    [InlineData("selftest", "--duration", "ten")]
    [InlineData("selftest", "--rate", "0")]
    [InlineData("selftest", "--target", "ftp://127.0.0.1")]
    [InlineData("selftest", "--rounds", "0")]
    [InlineData("selftest", "--concurrent", "--rounds", "2")]
    [InlineData("population", "--concurrent")]
    public async Task Bad_arguments_exit_two_without_running(params string[] args)
    {
        var (exitCode, stdout, stderr) = await Invoke([.. args, "--out", _directory]);

        Assert.Equal(ExitCodes.NotRun, exitCode);
        Assert.NotEmpty(stderr);
        Assert.Empty(stdout);
        Assert.False(Directory.Exists(_directory));
    }

    [Fact]
    public async Task Rounds_report_each_rounds_ratio_and_their_median()
    {
        var (exitCode, stdout, stderr) = await Invoke("selftest", "--duration", "300ms", "--warmup", "0s", "--rate", "100", "--rounds", "2", "--out", _directory);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains("delay #2 vs noop #2: throughput", stdout);
        Assert.Contains("delay vs noop, median of 2 rounds: throughput", stdout);
        var stats = Csv.Parse(File.ReadAllText(Path.Combine(_directory, "stats.csv")));
        Assert.Equal(["noop #1", "delay #1", "noop #2", "delay #2"], stats.Skip(1).Select(r => r[0]));
    }

    [Fact]
    public async Task A_target_off_this_machine_is_refused_unless_allowed()
    {
        var (exitCode, _, stderr) = await Invoke("selftest", "--target", "http://load-target.invalid:5080", "--out", _directory);

        Assert.Equal(ExitCodes.NotRun, exitCode);
        Assert.Contains("--allow-remote", stderr);
        Assert.False(Directory.Exists(_directory));
    }

    [Fact]
    public async Task Help_lists_the_scenario_sets_and_the_target_option()
    {
        var (exitCode, stdout, _) = await Invoke("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("selftest", stdout);
        Assert.Contains("--target", stdout);
        Assert.Contains("--duration", stdout);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await LoadTestCli.Invoke(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcess(params string[] args)
    {
        // The referenced exe's apphost, dll and runtimeconfig are copied next to the tests.
        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Personalization.LoadTests.exe" : "Personalization.LoadTests");
        var (fileName, arguments) = File.Exists(apphost)
            ? (apphost, args)
            : (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [Path.Combine(AppContext.BaseDirectory, "Personalization.LoadTests.dll"), .. args]);
        var result = await ChildProcess.RunAsync(fileName, arguments, Environment.CurrentDirectory, TimeSpan.FromSeconds(60));
        return (result.ExitCode, result.Output, result.Errors);
    }
}
