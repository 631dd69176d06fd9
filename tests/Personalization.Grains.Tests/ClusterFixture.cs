using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;
using Personalization.Hosting;
using Personalization.Persistence;
using Personalization.Segments;
using Personalization.Timing;

namespace Personalization.Grains.Tests;

/// <summary>An in-process Orleans cluster with the engine's grains, in-memory storage and a test-controlled engine clock.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    // The silo is built by TestingHost from a configurator type, so the clock it uses is shared through a static.
    internal static readonly FakeTimeProvider SharedClock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public TestCluster Cluster { get; } = new TestClusterBuilder()
        .AddSiloBuilderConfigurator<SiloConfigurator>()
        .Build();

    public IGrainFactory Grains => Cluster.GrainFactory;

    public FakeTimeProvider Clock => SharedClock;

    public Task InitializeAsync() => Cluster.DeployAsync();

    /// <summary>Makes every silo compile the catalog now instead of at its next poll.</summary>
    public Task RefreshCatalogAsync() => Task.WhenAll(Cluster.Silos.Cast<InProcessSiloHandle>()
        .Select(silo => silo.SiloHost.Services.GetRequiredService<SegmentCatalogCache>().RefreshAsync()));

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>A grain storage of the primary silo, to read or plant rows behind the grains' back.</summary>
    public IGrainStorage Storage(string name) =>
        ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(name);

    /// <summary>A customer's row as stored, as JSON (the storage serializer writes JSON, so a JsonElement reads it whole).</summary>
    public async Task<GrainState<JsonElement>> ReadCustomerRowAsync(string customerId, string storageName = StorageNames.Customers)
    {
        var row = new GrainState<JsonElement>();
        await Storage(storageName).ReadStateAsync("customer", CustomerGrainId(customerId), row);
        return row;
    }

    public static GrainId CustomerGrainId(string customerId) => GrainId.Create("customer", customerId);

    /// <summary>Where customers' state really goes; the engine's customer storage fails writes on request in front of it.</summary>
    public const string InnerCustomerStorage = "customers-inner";

    /// <summary>Where directory shards and segment shards really go, behind the same failing front.</summary>
    public const string InnerMembershipStorage = "membership-inner";

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(InnerCustomerStorage);
            silo.Services.AddKeyedSingleton<IGrainStorage>(
                StorageNames.Customers, (services, _) => new FailingWritesStorage(services.GetRequiredKeyedService<IGrainStorage>(InnerCustomerStorage)));
            silo.AddIncomingGrainCallFilter<FailingRegistrations>();
            silo.AddMemoryGrainStorage(StorageNames.Catalog);
            silo.AddMemoryGrainStorage(InnerMembershipStorage);
            silo.Services.AddKeyedSingleton<IGrainStorage>(
                StorageNames.Membership, (services, _) => new FailingWritesStorage(services.GetRequiredKeyedService<IGrainStorage>(InnerMembershipStorage)));
            silo.Services.AddKeyedSingleton<TimeProvider>(EngineClock.ServiceKey, SharedClock);
            silo.AddPersonalizationGrains(catalog => catalog.Configure(options => options.RefreshInterval = TimeSpan.FromMilliseconds(50)));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
