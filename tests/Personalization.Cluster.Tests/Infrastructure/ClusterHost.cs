using Personalization.LoadTests.Scenarios;
using Personalization.Testing;

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

    /// <summary>The host's settings: Redis clustering, Azure Table state, and the example segments the store shows.</summary>
    public IEnumerable<string> HostSettings() =>
    [
        $"Orleans:ClusterId={ClusterId}",
        "Orleans:AdvertisedIPAddress=127.0.0.1",
        "Clustering:Provider=Redis",
        $"Clustering:ConnectionString={RedisConnectionString}",
        "Storage:Provider=AzureTable",
        $"Storage:ConnectionString={StorageConnectionString}",
        $"Storage:TableName={TableName}",
        "Segments:LoadExamples=true",
    ];
}

/// <summary>
/// One engine host (silo + HTTP API) of a test cluster, run as a process from the build that ran with the tests. Its
/// log is kept under the temporary folder, one folder per cluster, to read after a failure. Disposing kills it.
/// </summary>
internal sealed class ClusterHost : IAsyncDisposable
{
    // Generous: three hosts starting at once on a 2-core machine at a load average of 50 took over 90 s.
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(180);

    private ClusterHost(string name, string clusterId, HostProcess process)
    {
        Name = name;
        ClusterId = clusterId;
        Process = process;
        Http = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
    }

    public string Name { get; }

    public string ClusterId { get; }

    public HostProcess Process { get; }

    public HttpClient Http { get; }

    public int GatewayPort => Process.GatewayPort;

    public string Output() => Process.LogTail();

    /// <summary>
    /// Starts the hosts together (they join the cluster in parallel) and returns once every one is ready.
    /// <paramref name="settings"/> come after the cluster's, e.g. <c>Storage:Durability=Buffered</c>.
    /// </summary>
    public static async Task<ClusterHost[]> StartAsync(ClusterSettings cluster, string[] names, params string[] settings)
    {
        var logs = Path.Combine(Path.GetTempPath(), "personalization-cluster-tests", cluster.ClusterId);
        var starting = names.Select(async name => new ClusterHost(name, cluster.ClusterId, await HostProcess.StartAsync(
            BuiltPrograms.HostDll, [.. cluster.HostSettings(), .. settings], Path.Combine(logs, name + ".log"), ReadyTimeout, CancellationToken.None))).ToArray();
        try
        {
            return await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(s => s.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Kills the process with SIGKILL: no graceful shutdown, no deactivation, no membership goodbye.</summary>
    public void KillAbruptly() => Process.Kill();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
    }
}
