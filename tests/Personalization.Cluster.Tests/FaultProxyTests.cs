using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Personalization.Cluster.Tests.Infrastructure;

namespace Personalization.Cluster.Tests;

/// <summary>The fault proxy against an echo server on loopback: each fault does to a connection what its name says, and healing undoes it.</summary>
public sealed class FaultProxyTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TcpListener echo = new(IPAddress.Loopback, 0);
    private FaultProxy proxy = null!;
    private Task echoing = Task.CompletedTask;

    public Task InitializeAsync()
    {
        echo.Start();
        echoing = EchoAsync();
        proxy = FaultProxy.Start("echo", ((IPEndPoint)echo.LocalEndpoint).Port);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await proxy.DisposeAsync();
        echo.Stop();
        await echoing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    [Fact]
    public async Task Without_a_fault_bytes_pass_both_ways()
    {
        using var client = await ConnectAsync();

        Assert.Equal("hello", await RoundTripAsync(client, "hello"));
        Assert.Equal(1, proxy.OpenConnections);
    }

    [Fact]
    public async Task A_slow_server_delays_every_call_by_at_least_the_delay()
    {
        using var client = await ConnectAsync();
        proxy.Slow(TimeSpan.FromMilliseconds(300));

        var clock = Stopwatch.StartNew();
        Assert.Equal("one", await RoundTripAsync(client, "one"));
        Assert.Equal("two", await RoundTripAsync(client, "two"));

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(600), $"two calls took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Refusing_resets_new_connections_while_open_ones_carry_on()
    {
        using var open = await ConnectAsync();
        proxy.Refuse();

        // The reset may come at the connect or at the first read, as the accept and the client race.
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var refused = await ConnectAsync();
            await RoundTripAsync(refused, "x");
        });
        Assert.Equal("still", await RoundTripAsync(open, "still"));

        proxy.Heal();
        using var after = await ConnectAsync();
        Assert.Equal("back", await RoundTripAsync(after, "back"));
    }

    [Fact]
    public async Task A_blackhole_holds_bytes_until_it_heals()
    {
        using var client = await ConnectAsync();
        proxy.Blackhole();

        var answer = RoundTripAsync(client, "held");
        var first = await Task.WhenAny(answer, Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.NotSame(answer, first);

        proxy.Heal();
        Assert.Equal("held", await answer.WaitAsync(Patience));
    }

    [Fact]
    public async Task Resetting_breaks_every_open_connection_and_new_ones_work()
    {
        using var client = await ConnectAsync();
        Assert.Equal("before", await RoundTripAsync(client, "before"));

        proxy.ResetAll();

        await Assert.ThrowsAnyAsync<Exception>(() => RoundTripAsync(client, "after"));
        using var next = await ConnectAsync();
        Assert.Equal("next", await RoundTripAsync(next, "next"));
    }

    private async Task<TcpClient> ConnectAsync()
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, proxy.Port);
        return client;
    }

    /// <summary>Sends the text and reads as many bytes back; fails if the connection ends first.</summary>
    private static async Task<string> RoundTripAsync(TcpClient client, string text)
    {
        var stream = client.GetStream();
        var sent = System.Text.Encoding.ASCII.GetBytes(text);
        await stream.WriteAsync(sent);
        var received = new byte[sent.Length];
        await stream.ReadExactlyAsync(received).AsTask().WaitAsync(Patience);
        return System.Text.Encoding.ASCII.GetString(received);
    }

    private async Task EchoAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await echo.AcceptSocketAsync();
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (socket)
                {
                    var buffer = new byte[1024];
                    try
                    {
                        int read;
                        while ((read = await socket.ReceiveAsync(buffer)) > 0)
                        {
                            await socket.SendAsync(buffer.AsMemory(0, read));
                        }
                    }
                    catch (SocketException)
                    {
                    }
                }
            });
        }
    }
}
