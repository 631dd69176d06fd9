using System.Diagnostics;
using Xunit;

namespace Personalization.Testing;

/// <summary>
/// A real Azurite Table service on a free loopback port, in memory, for as long as the fixture lives.
/// </summary>
/// <remarks>
/// Self-contained on purpose: every test project compiles tests/Shared in, so this depends on nothing but xunit, the
/// base library and the other files there. Azurite comes from tests/tools (<c>npm ci --prefix tests/tools</c>, which
/// tests/setup.sh runs); when it is missing the fixture fails rather than letting tests pass without storage.
/// </remarks>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's fixed development account, the same in every Azurite installation.</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const int StartAttempts = 5;

    private ChildProcess? process;
    private int port;

    /// <summary>The Table service endpoint, account name included, e.g. http://127.0.0.1:54321/devstoreaccount1.</summary>
    public Uri TableEndpoint => new($"http://127.0.0.1:{Port}/{AccountName}");

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint={TableEndpoint};";

    public int Port => process is null ? throw new InvalidOperationException("Azurite has not been started.") : port;

    public async Task InitializeAsync()
    {
        var executable = FindExecutable();
        // The port is free when chosen but another process may take it before Azurite binds; then try another.
        for (var attempt = 1; ; attempt++)
        {
            port = FreePort.Next();
            process = ChildProcess.Start("azurite-table", executable, [
                "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--silent",
                "--tableHost", "127.0.0.1", "--tablePort", port.ToString(),
            ], Path.GetTempPath()); // In memory it writes nothing, but any stray file stays out of the checkout.
            try
            {
                await WaitUntilListening(process, port);
                return;
            }
            catch (AzuriteExitedException) when (attempt < StartAttempts)
            {
                Stop();
            }
            catch
            {
                Stop();
                throw;
            }
        }
    }

    public Task DisposeAsync()
    {
        Stop();
        return Task.CompletedTask;
    }

    private static string FindExecutable()
    {
        var root = RepositoryFiles.Root;
        var name = OperatingSystem.IsWindows() ? "azurite-table.cmd" : "azurite-table";
        var executable = Path.Combine(root, "tests", "tools", "node_modules", ".bin", name);
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({executable} is missing). From {root}, run: npm ci --prefix tests/tools");
        }

        return executable;
    }

    /// <summary>
    /// Waits until the port answers HTTP as Azurite (its <c>Server</c> header). Another server answering there took the
    /// port first (test projects run concurrently, and their hosts pick free ports too): this Azurite cannot bind it.
    /// </summary>
    private static async Task WaitUntilListening(ChildProcess azurite, int tablePort)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (azurite.HasExited)
            {
                throw new AzuriteExitedException($"Azurite exited with code {azurite.ExitCode} before listening on port {tablePort}.{Environment.NewLine}{azurite.Output()}");
            }

            try
            {
                using var answer = await http.GetAsync($"http://127.0.0.1:{tablePort}/{AccountName}/Tables");
                var server = answer.Headers.Server.ToString();
                if (server.StartsWith("Azurite", StringComparison.Ordinal))
                {
                    return;
                }

                throw new AzuriteExitedException($"Port {tablePort} is held by another server ('{server}'), not this Azurite.");
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Azurite did not listen on port {tablePort} within {StartTimeout.TotalSeconds} s.{Environment.NewLine}{azurite.Output()}");
    }

    private void Stop()
    {
        process?.Dispose();
        process = null;
    }

    private sealed class AzuriteExitedException(string message) : Exception(message);
}
