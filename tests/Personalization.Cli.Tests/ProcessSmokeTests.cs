using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Personalization.LoadTests.Scenarios;
using Personalization.Testing;

namespace Personalization.Cli.Tests;

/// <summary>
/// The built engine as a process of its own on a real loopback port, started once for the smoke tests and killed
/// after them; its log explains a failed start.
/// </summary>
public sealed class EngineProcess : IAsyncLifetime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private HostProcess? host;

    public Uri Address => host?.BaseAddress ?? throw new InvalidOperationException("The engine has not been started.");

    public async Task InitializeAsync()
    {
        var log = Path.Combine(Path.GetTempPath(), $"cli-smoke-{Guid.NewGuid():N}", "host.log");
        host = await HostProcess.StartAsync(BuiltPrograms.HostDll, [], log, ReadyTimeout, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}

/// <summary>The built <c>personalization</c> command run as a process against the engine process.</summary>
public sealed class ProcessSmokeTests(EngineProcess engine) : IClassFixture<EngineProcess>, IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly DirectoryInfo files = Directory.CreateTempSubdirectory("personalization-cli-smoke-");

    public void Dispose() => files.Delete(recursive: true);

    private async Task<(int ExitCode, string Output)> Personalization(params string[] args)
    {
        var dll = BuiltPrograms.Dll("Personalization.Cli", "personalization.dll");
        var result = await ChildProcess.RunAsync("dotnet", [dll, .. args], Path.GetDirectoryName(dll)!, CommandTimeout);
        return (result.ExitCode, result.Output + result.Errors);
    }

    private string Csv(string name, string content)
    {
        var path = Path.Combine(files.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Importing_a_small_csv_exits_zero_prints_the_summary_and_stores_the_purchases()
    {
        var csv = Csv("invoices.csv",
            "InvoiceNo,InvoiceDate,CustomerID,TotalPrice,Description\n" +
            "536365,2010-12-01,smoke-1,139.12,\"WHITE HANGING HEART, T-LIGHT HOLDER\"\n" +
            "536366,2010-12-01,smoke-1,22.2,HAND WARMER\n" +
            "536367,2010-12-03,smoke-2,278.73,\n");

        var (exitCode, output) = await Personalization("import", csv, "--url", engine.Address.ToString(), "--event-id-column", "InvoiceNo", "--property-column", "Description");

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}");
        Assert.Contains("Import of invoices.csv", output);
        Assert.Matches(@"Lines read\s+│\s+3 │", output);
        Assert.Matches(@"Accepted\s+│\s+3 │", output);
        Assert.Contains("Every line was accepted.", output);

        using var http = new HttpClient { BaseAddress = engine.Address };
        var customer = await http.GetFromJsonAsync<JsonObject>("/v1/customers/smoke-1");
        Assert.Equal(2, customer!["counters"]!["purchase"]!["count"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_bad_line_makes_the_exit_code_one_and_is_named_in_the_output()
    {
        var csv = Csv("bad.csv", "InvoiceDate,CustomerID,TotalPrice\n2010-12-01,smoke-3,1\n2010-12-01,smoke-3,one\n");

        var (exitCode, output) = await Personalization("import", csv, "--url", engine.Address.ToString());

        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{output}");
        Assert.Matches(@"│\s+3 │ TotalPrice 'one' is not a number", output);
        Assert.Contains("Not every line was accepted; see above.", output);
    }
}
