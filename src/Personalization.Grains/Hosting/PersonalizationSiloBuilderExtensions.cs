using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Personalization.Customers;
using Personalization.Segments;

namespace Personalization.Hosting;

public static class PersonalizationSiloBuilderExtensions
{
    /// <summary>
    /// Adds the customer and catalog grains' services. The host still chooses clustering and registers the
    /// <see cref="StorageNames.Customers"/> and <see cref="StorageNames.Catalog"/> grain storages.
    /// </summary>
    public static ISiloBuilder AddPersonalizationGrains(
        this ISiloBuilder silo,
        Action<SegmentCatalogOptions>? configureCatalog = null,
        Action<CustomerStateOptions>? configureCustomers = null)
    {
        var services = silo.Services;
        services.TryAddKeyedSingleton(EngineClock.ServiceKey, TimeProvider.System);
        services.AddOptions<SegmentCatalogOptions>().Configure(options => configureCatalog?.Invoke(options));
        services.AddOptions<CustomerStateOptions>().Configure(options => configureCustomers?.Invoke(options));

        services.AddSingleton<SegmentCatalogCache>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SegmentCatalogCache>());
        silo.UseSystemTextJsonGrainStorageSerializer();
        return silo;
    }
}
