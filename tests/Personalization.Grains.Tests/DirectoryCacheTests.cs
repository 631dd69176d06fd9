using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.GrainDirectory;
using Orleans.TestingHost;
using Personalization.Diagnostics;
using Personalization.Hosting;
using Personalization.Persistence;

namespace Personalization.Grains.Tests;

public sealed class DirectoryCacheTests
{
    private const int Grains = 200;

    [Fact]
    public async Task A_lone_silo_caches_no_addresses_and_starts_caching_when_a_second_silo_joins()
    {
        var builder = new TestClusterBuilder(initialSilosCount: 1).AddSiloBuilderConfigurator<SiloConfigurator>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var primary = (InProcessSiloHandle)cluster.Primary!;
        var primaryCache = primary.SiloHost.Services.GetRequiredService<IGrainDirectoryCache>();
        Assert.IsType<SingleSiloDirectoryCache>(primaryCache);

        await ActivateAsync(cluster.GrainFactory, "alone-");
        await ActivateAsync(cluster.GrainFactory, "alone-");
        Assert.Empty(primaryCache.KeyValues);

        var second = (InProcessSiloHandle)await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForLivenessToStabilizeAsync();
        await ActivateAsync(cluster.GrainFactory, "together-");

        var cached = primaryCache.KeyValues.Count()
            + second.SiloHost.Services.GetRequiredService<IGrainDirectoryCache>().KeyValues.Count();
        Assert.True(cached > 0, "with two silos, addresses are cached again");

        // Addresses cached while alone are none, so grains activated then are still found through the directory.
        await ActivateAsync(cluster.GrainFactory, "alone-");
    }

    private static Task ActivateAsync(IGrainFactory grains, string prefix) =>
        Task.WhenAll(Enumerable.Range(0, Grains).Select(i => grains.GetGrain<IBareActivationGrain>(prefix + i).ActivateAsync().AsTask()));

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(StorageNames.Customers);
            silo.AddMemoryGrainStorage(StorageNames.Catalog);
            silo.AddMemoryGrainStorage(StorageNames.Membership);
            silo.AddPersonalizationGrains();
            silo.UseSingleSiloDirectoryCache();
        }
    }
}
