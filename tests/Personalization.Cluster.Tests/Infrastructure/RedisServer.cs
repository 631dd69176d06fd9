using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Personalization.Testing;

namespace Personalization.Cluster.Tests.Infrastructure;

/// <summary>
/// A redis-server on a free loopback port; the silos' membership table lives here. It keeps nothing on disk, unless it
/// is given a folder: then every write goes to an append-only file there before Redis answers, so a restart loses nothing.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private const int StartAttempts = 3;

    private readonly string? dataDirectory;
    private ChildProcess? process;

    private RedisServer(string? dataDirectory) => this.dataDirectory = dataDirectory;

    public int Port { get; private set; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync(string? dataDirectory = null)
    {
        var server = new RedisServer(dataDirectory);
        // The port is free when chosen but may be taken before redis binds it; then another is tried.
        for (var attempt = 1; ; attempt++)
        {
            server.Port = FreePort.Next();
            server.Launch();
            try
            {
                await server.WaitUntilAnsweringAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts)
            {
                server.process!.Dispose();
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }
    }

    /// <summary>Kills Redis (SIGKILL), waits <paramref name="down"/> and starts it again on the same port and files.</summary>
    public async Task RestartAsync(TimeSpan down)
    {
        process!.Dispose();
        await Task.Delay(down);
        Launch();
        await WaitUntilAnsweringAsync();
    }

    public void Dispose() => process?.Dispose();

    private void Launch()
    {
        string[] persistence = dataDirectory is null
            ? ["--save", "", "--appendonly", "no"]
            : ["--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dataDirectory];
        process = ChildProcess.Start("redis-server", "redis-server", ["--port", Port.ToString(), "--bind", "127.0.0.1", .. persistence], Path.GetTempPath());
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited before answering on port {Port}.{Environment.NewLine}{process.Output()}");
            }

            if (await PingsAsync())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server did not answer PING on port {Port} within {StartTimeout.TotalSeconds} s.{Environment.NewLine}{process!.Output()}");
    }

    private async Task<bool> PingsAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
