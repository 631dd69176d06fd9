using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Personalization.Testing;

/// <summary>
/// A real Azurite Table service on a free loopback port, in memory, for as long as the fixture lives.
/// </summary>
/// <remarks>
/// Self-contained on purpose: other test projects compile this file in as a link, so it depends on nothing but
/// xunit and the base library. Azurite comes from tests/tools (<c>npm ci --prefix tests/tools</c>, which
/// tests/setup.sh runs); when it is missing the fixture fails rather than letting tests pass without storage.
/// </remarks>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's fixed development account, the same in every Azurite installation.</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const int StartAttempts = 3;
    private const int OutputLinesKept = 50;

    private readonly Queue<string> output = new();
    private Process? process;
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
            port = FreeLoopbackPort();
            process = Start(executable, port);
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

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private Process Start(string executable, int tablePort)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Azurite writes nothing to disk in memory mode, but a temporary working directory keeps any stray file out of the checkout.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[]
                 {
                     "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--silent",
                     "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(),
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process started;
        try
        {
            started = Process.Start(startInfo) ?? throw new InvalidOperationException($"{executable} did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"Could not run {executable}; Azurite needs Node.js on the PATH.", exception);
        }

        started.OutputDataReceived += (_, line) => Keep(line.Data);
        started.ErrorDataReceived += (_, line) => Keep(line.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return started;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Enqueue(line);
            if (output.Count > OutputLinesKept)
            {
                output.Dequeue();
            }
        }
    }

    private async Task WaitUntilListening(Process azurite, int tablePort)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (azurite.HasExited)
            {
                throw new AzuriteExitedException($"Azurite exited with code {azurite.ExitCode} before listening on port {tablePort}.{Environment.NewLine}{Output()}");
            }

            using var client = new TcpClient();
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await client.ConnectAsync(IPAddress.Loopback, tablePort, attempt.Token);
                return;
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Azurite did not listen on port {tablePort} within {StartTimeout.TotalSeconds} s.{Environment.NewLine}{Output()}");
    }

    private string Output()
    {
        lock (output)
        {
            return string.Join(Environment.NewLine, output);
        }
    }

    private void Stop()
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                // The .bin entry is a launcher on some platforms, so the whole tree goes, not only the direct child.
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        finally
        {
            process.Dispose();
            process = null;
        }
    }

    private sealed class AzuriteExitedException(string message) : Exception(message);
}
