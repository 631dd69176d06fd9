using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Personalization.Cluster.Tests.Infrastructure;

/// <summary>What a <see cref="FaultProxy"/> does to the traffic it carries.</summary>
internal enum ProxyFault
{
    /// <summary>Bytes pass both ways as they come.</summary>
    None,

    /// <summary>Each call (what a client sends after the server last answered) waits <see cref="FaultProxy.Delay"/> before it goes on: a slow server.</summary>
    Delay,

    /// <summary>New connections are closed at once with a reset (nothing listens); open ones carry on.</summary>
    Refuse,

    /// <summary>Connections are accepted and kept, but no byte moves either way until the fault ends: a partition.</summary>
    Blackhole,
}

/// <summary>
/// A loopback TCP proxy between the hosts and a server they depend on (Azurite, Redis), which delays, refuses, resets or
/// blackholes connections on command, so a test can inject the faults a network and a storage service have. The hosts
/// are configured with <see cref="Port"/> instead of the server's; the server behind may change (<see cref="Upstream"/>),
/// as a restarted one on a new port would.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<Link, byte> links = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private volatile ProxyFault fault;
    private TaskCompletionSource flowing = NewFlowing(completed: true);

    private FaultProxy(string name, int upstream)
    {
        Name = name;
        Upstream = upstream;
        listener.Start();
        accepting = AcceptAsync();
    }

    public string Name { get; }

    /// <summary>Where the hosts connect.</summary>
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>The server's loopback port; new connections go there.</summary>
    public int Upstream { get; set; }

    /// <summary>How long each client chunk waits under <see cref="ProxyFault.Delay"/>.</summary>
    public TimeSpan Delay { get; private set; }

    public ProxyFault Fault => fault;

    /// <summary>Connections open now.</summary>
    public int OpenConnections => links.Count;

    public static FaultProxy Start(string name, int upstream) => new(name, upstream);

    /// <summary>Ends any fault: held bytes flow on.</summary>
    public void Heal() => Set(ProxyFault.None, TimeSpan.Zero);

    public void Slow(TimeSpan delay) => Set(ProxyFault.Delay, delay);

    public void Refuse() => Set(ProxyFault.Refuse, TimeSpan.Zero);

    public void Blackhole() => Set(ProxyFault.Blackhole, TimeSpan.Zero);

    /// <summary>Resets every open connection (both sides see a RST), as a server that restarts or a middlebox that drops state does.</summary>
    public void ResetAll()
    {
        foreach (var link in links.Keys)
        {
            link.Reset();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        ResetAll();
        Heal();
        await accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopping.Dispose();
    }

    public override string ToString() => $"{Name} proxy :{Port} -> :{Upstream} ({fault}{(fault == ProxyFault.Delay ? $" {Delay.TotalMilliseconds:0} ms" : "")}, {links.Count} open)";

    private static TaskCompletionSource NewFlowing(bool completed)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            source.SetResult();
        }

        return source;
    }

    private void Set(ProxyFault next, TimeSpan delay)
    {
        lock (links)
        {
            Delay = delay;
            fault = next;
            if (next == ProxyFault.Blackhole)
            {
                if (flowing.Task.IsCompleted)
                {
                    flowing = NewFlowing(completed: false);
                }
            }
            else
            {
                flowing.TrySetResult();
            }
        }
    }

    /// <summary>Completes when bytes may move: at once unless the proxy is a blackhole.</summary>
    private Task Flowing()
    {
        lock (links)
        {
            return flowing.Task;
        }
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (fault == ProxyFault.Refuse)
            {
                client.LingerState = new LingerOption(true, 0);
                client.Close();
                continue;
            }

            _ = CarryAsync(client);
        }
    }

    private async Task CarryAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        var link = new Link(client, server);
        links[link] = 0;
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, Upstream, stopping.Token);
            await Task.WhenAll(PumpAsync(link, fromClient: true), PumpAsync(link, fromClient: false));
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server is down or the proxy stops: the client sees its connection reset.
            link.Reset();
        }
        finally
        {
            links.TryRemove(link, out _);
            link.Close();
        }
    }

    private async Task PumpAsync(Link link, bool fromClient)
    {
        var (from, to) = fromClient ? (link.Client, link.Server) : (link.Server, link.Client);
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, stopping.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await Flowing().WaitAsync(stopping.Token);

                // One wait per call: the first chunk a client sends after the server last answered.
                if (fromClient && fault == ProxyFault.Delay && !link.CallOpen)
                {
                    await Task.Delay(Delay, stopping.Token);
                }

                link.CallOpen = fromClient;

                // A blackhole that began while the chunk waited holds it too.
                await Flowing().WaitAsync(stopping.Token);
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stopping.Token);
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away or was reset: so is the other, or its pump would wait for bytes that never come.
            link.Reset();
        }
    }

    private sealed class Link(Socket client, Socket server)
    {
        public Socket Client => client;

        public Socket Server => server;

        /// <summary>Whether the client sent since the server last did: a call in progress.</summary>
        public bool CallOpen { get; set; }

        public void Reset()
        {
            foreach (var socket in new[] { client, server })
            {
                try
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                }
                catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
                {
                }
            }
        }

        public void Close()
        {
            client.Dispose();
            server.Dispose();
        }
    }
}
