using Xunit.Abstractions;

namespace Personalization.Cluster.Tests.Infrastructure;

/// <summary>
/// A cluster of host processes one test starts and owns, on the run's Redis and Azurite with a cluster id and table of
/// its own. When the test fails, the last lines of every host's log go to the test's output; disposing kills the hosts.
/// </summary>
internal sealed class TestCluster(ITestOutputHelper output) : IAsyncDisposable
{
    private readonly List<ClusterHost> hosts = [];

    /// <inheritdoc cref="ClusterHost.StartAsync"/>
    public Task<ClusterHost[]> StartAsync(ClusterServers servers, string[] names, params string[] settings) =>
        StartAsync(ClusterSettings.Unique(servers), names, settings);

    /// <inheritdoc cref="ClusterHost.StartAsync"/>
    public async Task<ClusterHost[]> StartAsync(ClusterSettings cluster, string[] names, params string[] settings)
    {
        var started = await ClusterHost.StartAsync(cluster, names, settings);
        hosts.AddRange(started);
        return started;
    }

    public async Task ExplainingFailureAsync(Func<Task> test)
    {
        try
        {
            await test();
        }
        catch
        {
            foreach (var host in hosts)
            {
                output.WriteLine(host.Output());
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }
    }
}
