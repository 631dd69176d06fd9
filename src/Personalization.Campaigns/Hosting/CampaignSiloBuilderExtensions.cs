using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Personalization.Campaigns;
using Personalization.Campaigns.Catalog;
using Personalization.Campaigns.Delivery;
using Personalization.Campaigns.Webhooks;
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
        var campaignOptions = services.AddOptions<CampaignOptions>()
            .ValidateSettings(CampaignOptions.SectionName, (options, problems) => problems
                .RequirePositive(options.RefreshInterval, nameof(options.RefreshInterval))
                .Require(options.WebhookQueueCapacity >= 1, nameof(options.WebhookQueueCapacity), options.WebhookQueueCapacity, "a whole number of at least 1")
                .Require(options.WebhookConcurrency is >= 1 and <= 1024, nameof(options.WebhookConcurrency), options.WebhookConcurrency, "1-1024")
                .Require(options.WebhookMaxAttempts is >= 1 and <= 20, nameof(options.WebhookMaxAttempts), options.WebhookMaxAttempts, "1-20")
                .RequirePositive(options.WebhookFirstRetryDelay, nameof(options.WebhookFirstRetryDelay))
                .RequirePositive(options.WebhookAttemptTimeout, nameof(options.WebhookAttemptTimeout))
                .RequirePositive(options.StreamHeartbeat, nameof(options.StreamHeartbeat))
                .Require(options.MaxStreams >= 1, nameof(options.MaxStreams), options.MaxStreams, "a whole number of at least 1")
                .Require(
                    options.GlobalHoldoutShare is >= 0 and <= CampaignLimits.MaxGlobalHoldoutShare,
                    nameof(options.GlobalHoldoutShare), options.GlobalHoldoutShare, $"0-{CampaignLimits.MaxGlobalHoldoutShare}")
                .Require(
                    options.CupedWindow >= CampaignLimits.MinDuration && options.CupedWindow <= CampaignLimits.MaxCupedWindow,
                    nameof(options.CupedWindow), options.CupedWindow, "1 minute to 30 days (raw events are kept 30 days)")
                .Require(options.SequentialTuning is >= 1 and <= 1e9, nameof(options.SequentialTuning), options.SequentialTuning, "1-1000000000 exposures"))
            .ValidateOnStart();
        configure?.Invoke(campaignOptions);

        services.AddSingleton<CampaignCatalogCache>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<CampaignCatalogCache>());
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<CampaignEditor>();
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
