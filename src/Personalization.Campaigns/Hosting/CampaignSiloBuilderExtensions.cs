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
    /// <remarks>
    /// <see cref="CampaignOptions"/> are validated as the silo starts, so a setting out of range stops it with the key and
    /// the values it accepts; a host binds them with <c>campaigns => campaigns.BindConfiguration(CampaignOptions.SectionName)</c>.
    /// </remarks>
    public static ISiloBuilder AddPersonalizationCampaigns(this ISiloBuilder silo, Action<OptionsBuilder<CampaignOptions>>? configure = null)
    {
        var services = silo.Services;
        services.TryAddKeyedSingleton(EngineClock.ServiceKey, TimeProvider.System);
        configure?.Invoke(services.AddOptions<CampaignOptions>().ValidateOnStart());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CampaignOptions>, CampaignOptionsValidator>());

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
