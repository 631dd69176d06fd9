using Personalization.Testing;

namespace Personalization.Cluster.Tests.Infrastructure;

/// <summary>
/// The Redis and Azurite every cluster of the test run uses, started once, and one single-host cluster that tests
/// which only read and write customers share. A test that stops hosts starts its own, with a cluster id and table of
/// its own, and stops them itself.
/// </summary>
public sealed class ClusterServers : IAsyncLifetime
{
    private readonly SemaphoreSlim sharedHostLock = new(1, 1);
    private RedisServer? redis;
    private ClusterHost? sharedHost;

    internal RedisServer Redis => redis ?? throw new InvalidOperationException("Redis has not been started.");

    public AzuriteFixture Azurite { get; } = new();

    internal ClusterSettings? SharedCluster { get; private set; }

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        await Azurite.InitializeAsync();
    }

    /// <summary>The shared host, started on first use; callers must not stop it.</summary>
    internal async Task<ClusterHost> SharedHostAsync()
    {
        await sharedHostLock.WaitAsync();
        try
        {
            if (sharedHost is null)
            {
                SharedCluster = ClusterSettings.Unique(this);
                sharedHost = (await ClusterHost.StartAsync(SharedCluster, ["shared-host"]))[0];
            }

            return sharedHost;
        }
        finally
        {
            sharedHostLock.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (sharedHost is not null)
        {
            await sharedHost.DisposeAsync();
        }

        redis?.Dispose();
        await Azurite.DisposeAsync();
        sharedHostLock.Dispose();
    }
}

/// <summary>
/// Tests that run hosts share one collection, so they run one after another: on two cores, clusters started side by
/// side would slow each other and blur the failover timings the tests measure.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterServers>
{
    public const string Name = "cluster";
}
