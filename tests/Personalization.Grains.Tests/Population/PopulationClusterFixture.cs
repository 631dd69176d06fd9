using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Personalization.Hosting;
using Personalization.Persistence;
using Personalization.Population;
using Personalization.Segments;
using Personalization.Timing;

namespace Personalization.Grains.Tests.Population;

/// <summary>
/// Two in-process silos whose population refreshes only when a test asks (the interval is an hour), with in-memory
/// storage and a fixed engine clock.
/// </summary>
public sealed class PopulationClusterFixture : IAsyncLifetime
{
    internal static readonly FakeTimeProvider SharedClock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public TestCluster Cluster { get; } = new TestClusterBuilder(initialSilosCount: 2)
        .AddSiloBuilderConfigurator<SiloConfigurator>()
        .Build();

    public IGrainFactory Grains => Cluster.GrainFactory;

    public IEnumerable<IServiceProvider> Silos => Cluster.Silos.Cast<InProcessSiloHandle>().Select(silo => silo.SiloHost.Services);

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    public Task RefreshCatalogAsync() => Task.WhenAll(Silos.Select(silo => silo.GetRequiredService<SegmentCatalogCache>().RefreshAsync()));

    /// <summary>Each silo in turn, twice, so that every silo's second merge holds every silo's report.</summary>
    public async Task RefreshPopulationAsync()
    {
        for (var round = 0; round < 2; round++)
        {
            foreach (var silo in Silos)
            {
                await silo.GetRequiredService<PopulationCache>().RefreshAsync();
            }
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(StorageNames.Customers);
            silo.AddMemoryGrainStorage(StorageNames.Catalog);
            silo.AddMemoryGrainStorage(StorageNames.Membership);
            silo.Services.AddKeyedSingleton<TimeProvider>(EngineClock.ServiceKey, SharedClock);
            silo.Services.Configure<PopulationOptions>(options => options.RefreshInterval = TimeSpan.FromHours(1));
            silo.AddPersonalizationGrains(catalog => catalog.Configure(options => options.RefreshInterval = TimeSpan.FromMilliseconds(50)));
        }
    }
}
