using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.GrainDirectory;
using Orleans.Streams;
using Personalization.Customers;
using Personalization.Forecasts;
using Personalization.Identity;
using Personalization.Membership;
using Personalization.Persistence;
using Personalization.Population;
using Personalization.Rules.Population;
using Personalization.Segments;
using Personalization.Timing;

namespace Personalization.Hosting;

public static class PersonalizationSiloBuilderExtensions
{
    private const int MembershipStreamQueues = 16;

    /// <summary>
    /// Adds the engine's grains' services and the membership stream. The host still chooses clustering and
    /// registers the grain storages named in <see cref="StorageNames"/>.
    /// </summary>
    /// <remarks>
    /// Every options class is validated as the silo starts, so a setting out of range stops it with the key and the values
    /// it accepts. A host binds configuration through the builders, as in
    /// <c>catalog => catalog.BindConfiguration(SegmentCatalogOptions.SectionName)</c>; <see cref="SegmentStatsOptions"/>,
    /// <see cref="IdentityOptions"/> and <see cref="PopulationOptions"/> are bound with <c>AddOptions</c> on the silo's services.
    /// </remarks>
    public static ISiloBuilder AddPersonalizationGrains(
        this ISiloBuilder silo,
        Action<OptionsBuilder<SegmentCatalogOptions>>? configureCatalog = null,
        Action<OptionsBuilder<CustomerStateOptions>>? configureCustomers = null)
    {
        var services = silo.Services;
        services.TryAddKeyedSingleton(EngineClock.ServiceKey, TimeProvider.System);
        var catalog = services.AddOptions<SegmentCatalogOptions>()
            .ValidateSettings(SegmentCatalogOptions.SectionName, (options, problems) => problems
                .RequirePositive(options.RefreshInterval, nameof(options.RefreshInterval)))
            .ValidateOnStart();
        configureCatalog?.Invoke(catalog);
        var customers = services.AddOptions<CustomerStateOptions>()
            .ValidateSettings(CustomerStateOptions.SectionName, (options, problems) => problems
                .RequireDefined(options.Durability, nameof(options.Durability))
                .RequirePositive(options.FlushInterval, nameof(options.FlushInterval)))
            .ValidateOnStart();
        configureCustomers?.Invoke(customers);
        services.AddOptions<SegmentStatsOptions>()
            .ValidateSettings(SegmentStatsOptions.SectionName, (options, problems) => problems
                .RequirePositive(options.WriteInterval, nameof(options.WriteInterval)))
            .ValidateOnStart();
        services.AddOptions<PopulationOptions>()
            .ValidateSettings(PopulationOptions.SectionName, (options, problems) => problems
                .RequirePositive(options.RefreshInterval, nameof(options.RefreshInterval)))
            .ValidateOnStart();
        services.AddOptions<IdentityOptions>()
            .ValidateSettings(IdentityOptions.SectionName, (options, problems) => problems
                .Require(options.MaxAliasesPerCustomer >= 1, nameof(options.MaxAliasesPerCustomer), options.MaxAliasesPerCustomer, "a whole number of at least 1")
                .RequireDefined(options.ProfileConflict, nameof(options.ProfileConflict)))
            .ValidateOnStart();

        services.AddSingleton<ActiveCustomers>();
        services.AddSingleton<CustomerGrainServices>();
        services.AddSingleton<ReevaluationSchedule>();
        services.AddSingleton<SegmentCatalogCache>();
        services.AddSingleton<SegmentInsights>();
        services.AddOptions<PurchaseModelOptions>()
            .ValidateSettings(PurchaseModelOptions.SectionName, (options, problems) => problems
                .Require(!string.IsNullOrEmpty(options.PurchaseEventType), nameof(options.PurchaseEventType), options.PurchaseEventType, "an event type")
                .Require(!string.IsNullOrEmpty(options.PurchaseValueField), nameof(options.PurchaseValueField), options.PurchaseValueField, "value or a property name")
                .Require(options.FitInterval is null || options.FitInterval > TimeSpan.Zero, nameof(options.FitInterval), options.FitInterval, "a positive duration, or null to fit only on demand")
                .Require(
                    options.MaxSampleSize is >= 1 and <= PurchaseModelFitting.LargestSample, nameof(options.MaxSampleSize), options.MaxSampleSize,
                    $"a whole number from 1 to {PurchaseModelFitting.LargestSample} (the customer directory's sample)"))
            .ValidateOnStart();
        services.AddSingleton<PurchaseModelFitting>();
        services.AddSingleton<PurchaseModelSchedule>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<PurchaseModelSchedule>());
        services.AddSingleton<PopulationRanks>();
        services.AddSingleton<PopulationCache>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<PopulationCache>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SegmentCatalogCache>());
        services.AddSingleton<SegmentLookup>();
        services.AddSingleton<CustomerEvents>();
        services.AddSingleton<MembershipPublisher>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<MembershipPublisher>());
        silo.UseSystemTextJsonGrainStorageSerializer();

        // Membership changes are consumed only by grains declared with implicit subscriptions, which needs no pub-sub store.
        // Every queue costs one remote Dequeue call per poll on some silo, busy or idle, so the poll stays at Orleans'
        // default: each poll drains its queue to empty, 100 changes a call, so a burst (a catalog change, a backfill)
        // is drained as fast as the calls return. Twice Orleans' default queues, because a memory queue refuses
        // changes past 16,384; a refused change waits in its customer for the next save.
        silo.AddMemoryStreams(SegmentMembershipStreams.ProviderName, streams =>
        {
            streams.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            streams.ConfigurePartitioning(MembershipStreamQueues);
            streams.ConfigurePullingAgent(agent => agent.Configure(options => options.BatchContainerBatchSize = 64));

            // The queue cache keeps delivered changes for consumers that fall behind or retry, for as long as the newest
            // change is younger than the oldest by DataMaxAgeInCache: its size is the rate of changes times that age,
            // not a count of customers. Orleans' defaults (5 to 30 minutes) would hold the changes of every customer
            // activated in that time, and even a minute holds a fill's last minute (docs/performance.md). Shards consume
            // a change within milliseconds; 15 seconds covers a shard's reactivation.
            streams.ConfigureCacheEviction(eviction => eviction.Configure(options =>
            {
                options.DataMinTimeInCache = TimeSpan.FromSeconds(5);
                options.DataMaxAgeInCache = TimeSpan.FromSeconds(15);
                options.MetadataMinTimeInCache = TimeSpan.FromMinutes(1);
            }));
        });
        return silo;
    }

    /// <summary>
    /// For a silo that is its cluster's only one by configuration (localhost clustering): no grain directory cache while
    /// it is alone (see <see cref="SingleSiloDirectoryCache"/>), a cache entry less per active customer.
    /// </summary>
    /// <remarks>
    /// Not for multi-host clustering: with it the failover test can lose an acknowledged event when a host is killed
    /// (docs/performance.md), for a reason not yet found.
    /// </remarks>
    public static ISiloBuilder UseSingleSiloDirectoryCache(this ISiloBuilder silo)
    {
        silo.Services.Configure<GrainDirectoryOptions>(options => options.CachingStrategy = GrainDirectoryOptions.CachingStrategyType.Custom);
        silo.Services.AddSingleton<IGrainDirectoryCache, SingleSiloDirectoryCache>();
        return silo;
    }
}
