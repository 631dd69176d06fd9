using Personalization.Testing;

namespace Personalization.Cluster.Tests.Infrastructure;

/// <summary>
/// The Redis and Azurite every cluster of the test run uses, started once. Each test starts its own hosts with a
/// cluster id and table of its own, and stops them itself.
/// </summary>
public sealed class ClusterServers : IAsyncLifetime
{
    private RedisServer? redis;

    internal RedisServer Redis => redis ?? throw new InvalidOperationException("Redis has not been started.");

    public AzuriteFixture Azurite { get; } = new();

    public async Task InitializeAsync()
    {
        redis = await RedisServer.StartAsync();
        await Azurite.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        redis?.Dispose();
        await Azurite.DisposeAsync();
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
