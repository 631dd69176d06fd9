using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Personalization.LoadTests.Scenarios;

/// <summary>
/// The engine as a process of its own, started from the built host: loopback only, free ports, a cluster id of its
/// own, the baseline endpoints on and the example segments off unless the settings say otherwise. Its output goes to
/// a log file; it can be stopped as an orchestrator stops a container (SIGTERM) or killed as a crash would; disposing
/// kills it. The load runner starts it, and so do the tests that need the engine as a real process.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int StartAttempts = 3;
    private const int SignalTerminate = 15;

    // SIGSTOP and SIGCONT are numbered differently on Linux and macOS.
    private static readonly int SignalStop = OperatingSystem.IsMacOS() ? 17 : 19;
    private static readonly int SignalContinue = OperatingSystem.IsMacOS() ? 19 : 18;

    private readonly string dll;
    private readonly IReadOnlyList<string> settings;
    private Process process = null!;
    private Task pumping = Task.CompletedTask;

    private HostProcess(string dll, IReadOnlyList<string> settings, string clusterId, string logPath)
    {
        this.dll = dll;
        this.settings = settings;
        ClusterId = clusterId;
        LogPath = logPath;
    }

    public static string DefaultDll => Path.Combine(Repository.Root, "src", "Personalization.Host", "bin", "Release", "net10.0", "Personalization.Host.dll");

    public Uri BaseAddress { get; private set; } = null!;

    public int GatewayPort { get; private set; }

    public string ClusterId { get; }

    public string LogPath { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <param name="settings">
    /// Configuration as <c>key=value</c>, e.g. <c>Storage:Durability=Buffered</c>; it comes after the defaults, so it
    /// may replace them (<c>Orleans:ClusterId</c>, <c>Segments:LoadExamples</c>). Ports are always chosen here.
    /// </param>
    public static async Task<HostProcess> StartAsync(string dll, IEnumerable<string> settings, string logPath, TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"No built host at {dll}; run: dotnet build src/Personalization.Host -c Release", dll);
        }

        var arguments = new List<string>();
        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=');
            if (equals <= 0)
            {
                throw new ArgumentException($"'{setting}' is not key=value", nameof(settings));
            }

            arguments.Add("--" + setting[..equals]);
            arguments.Add(setting[(equals + 1)..]);
        }

        var clusterIdAt = arguments.LastIndexOf("--Orleans:ClusterId");
        var clusterId = clusterIdAt >= 0 ? arguments[clusterIdAt + 1] : $"load-{Guid.NewGuid():N}";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        File.Delete(logPath);
        var host = new HostProcess(Path.GetFullPath(dll), arguments, clusterId, logPath);

        // A port is free when chosen but may be taken before the host binds it; the host then exits and gets new ports.
        for (var attempt = 1; ; attempt++)
        {
            host.Launch();
            try
            {
                await host.WaitUntilReadyAsync(readyTimeout, cancellationToken);
                return host;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && host.HasExited)
            {
                await host.DisposeAsync();
            }
            catch
            {
                await host.DisposeAsync();
                throw;
            }
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

    /// <summary>
    /// Freezes the host (SIGSTOP): its process keeps its sockets and memory but runs nothing, as a VM paused or a process
    /// stuck in a long GC would, until <see cref="Resume"/>. Its peers see it stop answering, not die.
    /// </summary>
    public void Freeze() => Signal(SignalStop, "SIGSTOP");

    /// <summary>Lets a frozen host run again (SIGCONT).</summary>
    public void Resume() => Signal(SignalContinue, "SIGCONT");

    private void Signal(int signal, string name)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            throw new PlatformNotSupportedException($"{name} is a Unix signal.");
        }

        if (!process.HasExited && kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"{name} to process {process.Id} failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>
    /// Stops the host as an orchestrator stops a container: SIGTERM, then the host's own graceful shutdown (the silo
    /// leaves the cluster and deactivates its grains). Returns the exit code.
    /// </summary>
    /// <exception cref="TimeoutException">The host had not exited within <paramref name="timeout"/>.</exception>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        Signal(SignalTerminate, "SIGTERM");

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"The host did not exit within {timeout.TotalSeconds:0} s of SIGTERM; see {LogPath}.");
        }

        await pumping.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return process.ExitCode;
    }

    /// <summary>The log's last lines, for a failure message.</summary>
    public string LogTail(int lines = 200)
    {
        using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var tail = new Queue<string>();
        while (reader.ReadLine() is { } line)
        {
            tail.Enqueue(line);
            if (tail.Count > lines)
            {
                tail.Dequeue();
            }
        }

        return $"--- last lines of {LogPath} ---{Environment.NewLine}{string.Join(Environment.NewLine, tail)}";
    }

    public async ValueTask DisposeAsync()
    {
        Kill();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await pumping.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        process.Dispose();
    }

    private void Launch()
    {
        var httpPort = FreePort();
        GatewayPort = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The host's own folder, as in its container, so its appsettings.json applies.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var argument in new[]
                 {
                     dll, "--urls", BaseAddress.ToString().TrimEnd('/'),
                     "--Orleans:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture),
                     "--Orleans:GatewayPort", GatewayPort.ToString(CultureInfo.InvariantCulture),
                     "--Orleans:ClusterId", ClusterId,
                     "--Diagnostics:BaselineEndpoints", "true",
                     "--Segments:LoadExamples", "false",
                 }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }

        // The host would otherwise read the environment name and settings meant for whoever started it (a test runner).
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        var log = new StreamWriter(new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true };
        process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        pumping = Task.WhenAll(Pump(process.StandardOutput, log), Pump(process.StandardError, log))
            .ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
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

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
