using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Personalization.LoadTests.Scenarios;

/// <summary>
/// The engine under test as a process of its own, started from the built host: loopback only, free ports, a cluster id
/// of its own, the baseline endpoints on and the example segments off. Its output goes to a log file; disposing kills it.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Task pumping;

    private HostProcess(Process process, Task pumping, Uri baseAddress, int gatewayPort, string clusterId, string logPath)
    {
        this.process = process;
        this.pumping = pumping;
        BaseAddress = baseAddress;
        GatewayPort = gatewayPort;
        ClusterId = clusterId;
        LogPath = logPath;
    }

    public static string DefaultDll => Path.Combine(Repository.Root, "src", "Personalization.Host", "bin", "Release", "net10.0", "Personalization.Host.dll");

    public Uri BaseAddress { get; }

    public int GatewayPort { get; }

    public string ClusterId { get; }

    public string LogPath { get; }

    public int ProcessId => process.Id;

    /// <param name="settings">Extra configuration as <c>key=value</c>, e.g. <c>Storage:Durability=Buffered</c>.</param>
    public static async Task<HostProcess> StartAsync(string dll, IEnumerable<string> settings, string logPath, TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"No built host at {dll}; run: dotnet build src/Personalization.Host -c Release", dll);
        }

        var httpPort = FreePort();
        var gatewayPort = FreePort();
        var clusterId = $"load-{Guid.NewGuid():N}";
        var baseAddress = new Uri($"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll))!,
        };
        foreach (var argument in new[]
                 {
                     dll, "--urls", baseAddress.ToString().TrimEnd('/'),
                     "--Orleans:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture),
                     "--Orleans:GatewayPort", gatewayPort.ToString(CultureInfo.InvariantCulture),
                     "--Orleans:ClusterId", clusterId,
                     "--Diagnostics:BaselineEndpoints", "true",
                     "--Segments:LoadExamples", "false",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=');
            if (equals <= 0)
            {
                throw new ArgumentException($"'{setting}' is not key=value", nameof(settings));
            }

            start.ArgumentList.Add("--" + setting[..equals]);
            start.ArgumentList.Add(setting[(equals + 1)..]);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var pumping = Task.WhenAll(Pump(process.StandardOutput, log), Pump(process.StandardError, log))
            .ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        var host = new HostProcess(process, pumping, baseAddress, gatewayPort, clusterId, logPath);
        try
        {
            await host.WaitUntilReadyAsync(readyTimeout, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the host at once, as a crash would (SIGKILL on Linux): nothing is flushed, nothing is handed over.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await pumping.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var giveUpAt = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < giveUpAt)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {process.ExitCode} before it was ready; see {LogPath}.");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A probe timed out while the host was starting.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"The host was not ready within {timeout.TotalSeconds:0} s; see {LogPath}.");
    }

    private static async Task Pump(StreamReader from, StreamWriter to)
    {
        while (await from.ReadLineAsync() is { } line)
        {
            lock (to)
            {
                to.WriteLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
