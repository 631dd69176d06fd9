using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Personalization.Testing;

namespace Personalization.Cluster.Tests.Infrastructure;

/// <summary>A redis-server on a free loopback port that keeps nothing on disk; the silos' membership table lives here.</summary>
internal sealed class RedisServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private const int StartAttempts = 3;

    private ChildProcess? process;

    public int Port { get; private set; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer();
        // The port is free when chosen but may be taken before redis binds it; then another is tried.
        for (var attempt = 1; ; attempt++)
        {
            server.Port = FreePort.Next();
            server.process = ChildProcess.Start(
                "redis-server",
                "redis-server",
                ["--port", server.Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                Path.GetTempPath());
            try
            {
                await server.WaitUntilAnsweringAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts)
            {
                server.process.Dispose();
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }
    }

    public void Dispose() => process?.Dispose();

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
