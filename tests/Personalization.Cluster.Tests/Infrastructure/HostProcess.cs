using System.Diagnostics;

namespace Personalization.Cluster.Tests.Infrastructure;

/// <summary>Where one cluster keeps its membership and state; every host of the cluster gets the same.</summary>
internal sealed record ClusterSettings(string ClusterId, string RedisConnectionString, string StorageConnectionString, string TableName)
{
    public static ClusterSettings Unique(ClusterServers servers)
    {
        var id = Guid.NewGuid().ToString("N");
        // Table names are letters and digits and start with a letter; a table per cluster keeps test clusters apart.
        return new ClusterSettings($"test-{id}", servers.Redis.ConnectionString, servers.Azurite.ConnectionString, $"T{id}");
    }
}

/// <summary>
/// One engine host (silo + HTTP API) run as `dotnet Personalization.Host.dll` from its build output, on free loopback
/// ports, in a Redis-clustered cluster with Azure Table state. Disposing kills it.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private const int StartAttempts = 3;

    private ChildProcess process;

    private HostProcess(string name, ChildProcess process, int httpPort, int gatewayPort)
    {
        Name = name;
        this.process = process;
        HttpPort = httpPort;
        GatewayPort = gatewayPort;
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
    }

    public string Name { get; }

    public int HttpPort { get; private set; }

    public int GatewayPort { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    public HttpClient Http { get; private set; }

    public string Output() => process.Output();

    /// <summary>Starts the hosts together (they join the cluster in parallel) and returns once every one is ready.</summary>
    public static async Task<HostProcess[]> StartAsync(ClusterSettings cluster, params string[] names)
    {
        var hosts = names.Select(name => Launch(name, cluster)).ToArray();
        try
        {
            await Task.WhenAll(hosts.Select(host => host.WaitUntilReadyAsync(cluster)));
            return hosts;
        }
        catch
        {
            foreach (var host in hosts)
            {
                host.Dispose();
            }

            throw;
        }
    }

    /// <summary>Kills the process with SIGKILL: no graceful shutdown, no deactivation, no membership goodbye.</summary>
    public void KillAbruptly() => process.KillAbruptly();

    public void Dispose()
    {
        Http.Dispose();
        process.Dispose();
    }

    private static HostProcess Launch(string name, ClusterSettings cluster)
    {
        var (httpPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        return new HostProcess(name, Run(name, cluster, httpPort, gatewayPort), httpPort, gatewayPort);
    }

    private static ChildProcess Run(string name, ClusterSettings cluster, int httpPort, int gatewayPort)
    {
        var dll = BuiltPrograms.HostDll;
        // The host's own folder is the working directory, as in its container, so its appsettings.json applies.
        return ChildProcess.Start(name, "dotnet", [
            dll,
            "--urls", $"http://127.0.0.1:{httpPort}",
            "--Orleans:SiloPort", FreePort.Next().ToString(),
            "--Orleans:GatewayPort", gatewayPort.ToString(),
            "--Orleans:AdvertisedIPAddress", "127.0.0.1",
            "--Orleans:ClusterId", cluster.ClusterId,
            "--Clustering:Provider", "Redis",
            "--Clustering:ConnectionString", cluster.RedisConnectionString,
            "--Storage:Provider", "AzureTable",
            "--Storage:ConnectionString", cluster.StorageConnectionString,
            "--Storage:TableName", cluster.TableName,
            "--Storage:Durability", "Acknowledged",
        ], Path.GetDirectoryName(dll)!);
    }

    private async Task WaitUntilReadyAsync(ClusterSettings cluster)
    {
        // A port chosen free may be taken before the host binds it; the host then exits and is started on new ports.
        for (var attempt = 1; ; attempt++)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < ReadyTimeout && !process.HasExited)
            {
                if (await IsReadyAsync())
                {
                    return;
                }

                await Task.Delay(200);
            }

            if (!process.HasExited || attempt == StartAttempts)
            {
                throw new TimeoutException($"{Name} was not ready within {ReadyTimeout.TotalSeconds} s (attempt {attempt}).{Environment.NewLine}{Output()}");
            }

            process.Dispose();
            Http.Dispose();
            (HttpPort, GatewayPort) = (FreePort.Next(), FreePort.Next());
            Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
            process = Run(Name, cluster, HttpPort, GatewayPort);
        }
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await Http.GetAsync("/health/ready");
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
