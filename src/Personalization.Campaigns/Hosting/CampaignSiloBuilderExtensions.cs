using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Personalization.Campaigns;
using Personalization.Customers;
using Personalization.Persistence;
using Personalization.Timing;

namespace Personalization.Hosting;

public static class CampaignSiloBuilderExtensions
{
    /// <summary>
    /// Adds campaigns to a silo that has the engine's grains (<see cref="PersonalizationSiloBuilderExtensions.AddPersonalizationGrains"/>):
    /// the activity listener, the silo's campaign catalog copy, the webhook dispatcher, Data Protection for webhook secrets and the customer watch extension.
    /// State goes to the storages the engine already needs (<see cref="StorageNames"/>).
    /// </summary>
    public static ISiloBuilder AddPersonalizationCampaigns(this ISiloBuilder silo, Action<CampaignOptions>? configure = null)
    {
        var services = silo.Services;
        services.TryAddKeyedSingleton(EngineClock.ServiceKey, TimeProvider.System);
        services.AddOptions<CampaignOptions>()
            .Configure(options => configure?.Invoke(options))
            .Validate(options =>
            {
                options.Validate();
                return true;
            });

        services.AddSingleton<CampaignCatalogCache>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<CampaignCatalogCache>());
        services.AddSingleton<WebhookTargets>();
        services.AddPersonalizationDataProtection();
        services.AddSingleton<WebhookSecretMigration>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<WebhookSecretMigration>());
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<CampaignActivityListener>();
        services.AddSingleton<ICustomerActivityListener>(sp => sp.GetRequiredService<CampaignActivityListener>());
        services.AddSingleton<StreamSlots>();
        services.AddSingleton<LookupOffers>();
        silo.AddGrainExtension<ICustomerCampaignWatch, CustomerCampaignWatch>();
        return silo;
    }
}
