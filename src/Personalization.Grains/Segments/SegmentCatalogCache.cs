using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Personalization.Customers;
using Personalization.Forecasts;
using Personalization.Rules;
using Personalization.Rules.Forecasts;
using Personalization.Rules.Population;
using Personalization.Timing;

namespace Personalization.Segments;

/// <summary>
/// The compiled catalog every customer grain on this silo evaluates against. Customer grains read
/// <see cref="Current"/> directly, so an event never costs a call to the catalog grain; the cache polls
/// the catalog grain's version and compiles a new catalog once per change.
/// </summary>
public sealed class SegmentCatalogCache(
    IGrainFactory grains,
    ActiveCustomers activeCustomers,
    PopulationRanks population,
    IOptions<SegmentCatalogOptions> options,
    IOptions<PurchaseModelOptions> forecastOptions,
    ILogger<SegmentCatalogCache> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private PurchaseModelSnapshot? purchaseModel;
    private PurchaseForecastModel forecasts = Forecasts(null, forecastOptions.Value);
    private readonly TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private readonly ConcurrentDictionary<string, SegmentCatalog> drafts = new(StringComparer.Ordinal);
    private volatile SegmentCatalog current = SegmentCatalog.Empty;
    private ImmutableArray<SegmentRule> currentRules = [];
    private PeriodicRefresh? refresher;

    /// <summary>The id a draft gets in <see cref="CompileWithDraft"/>; never a valid segment id, so it cannot clash.</summary>
    public const string DraftSegmentId = "$draft";

    private const int MaxCachedDrafts = 64;

    public SegmentCatalog Current => current;

    /// <summary>The fitted purchase models the current catalog evaluates with; null before the first fit.</summary>
    public PurchaseModelSnapshot? PurchaseModel => purchaseModel;

    public bool IsLoaded => loaded.Task.IsCompleted;

    public Task WaitUntilLoadedAsync(CancellationToken cancellationToken) => loaded.Task.WaitAsync(cancellationToken);

    /// <summary>Fetches and compiles the catalog now if it changed; called after a write so this silo sees it at once.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            var catalogGrain = grains.GetGrain<ISegmentCatalogGrain>(0);
            var snapshot = await catalogGrain.GetSnapshotIfChangedAsync(IsLoaded ? current.Version : -1);
            var fitted = await grains.GetGrain<IPurchaseModelGrain>(0).GetIfChangedAsync(purchaseModel?.Version ?? 0);
            if (fitted is not null)
            {
                purchaseModel = fitted;
                forecasts = Forecasts(fitted, forecastOptions.Value);
                logger.LogInformation("Purchase models version {Version} taken: fitted on {SampleSize} customers at {FittedAt}", fitted.Version, fitted.SampleSize, fitted.FittedAt);
            }

            if (snapshot is not null || (fitted is not null && IsLoaded))
            {
                var rules = snapshot?.Segments.Select(s => new SegmentRule(s.Id, s.Rule)).ToImmutableArray() ?? currentRules;
                var version = snapshot?.Version ?? current.Version;
                current = WithPopulation(SegmentCatalog.Compile(version, rules, forecasts));
                currentRules = rules;
                drafts.Clear();
                logger.LogInformation("Segment catalog version {Version} compiled: {Count} segments", version, rules.Length);

                // Lookups are already right at read time; this makes entries and exits happen (and be published) soon,
                // paced so that the lookups and events of the moment do not queue behind every customer's evaluation.
                activeCustomers.ReevaluateStale(() => current);
            }

            loaded.TrySetResult();
        }
        finally
        {
            refreshing.Release();
        }
    }

    /// <summary>
    /// The current catalog plus a draft rule as its last segment, for previews; compiled once per draft and
    /// catalog version on this silo however many customers the preview samples.
    /// </summary>
    /// <exception cref="SegmentRuleException">The draft does not compile against the current catalog.</exception>
    public SegmentCatalog CompileWithDraft(string rule)
    {
        if (drafts.Count > MaxCachedDrafts)
        {
            drafts.Clear();
        }

        var rules = currentRules;
        var version = current.Version;
        var model = forecasts;
        return drafts.GetOrAdd(rule, draft => WithPopulation(SegmentCatalog.Compile(version, [.. rules, new SegmentRule(DraftSegmentId, draft)], model)));
    }

    private SegmentCatalog WithPopulation(SegmentCatalog catalog)
    {
        catalog.Population = population;
        return catalog;
    }

    /// <summary>What the forecast functions evaluate with: the fitted parameters (in days) and the configured purchases.</summary>
    private static PurchaseForecastModel Forecasts(PurchaseModelSnapshot? fit, PurchaseModelOptions settings) => new(
        fit is null ? null : new BetaGeometricNbd(fit.R, fit.Alpha, fit.A, fit.B),
        fit is { SpendP: { } p, SpendQ: { } q, SpendV: { } v } ? new GammaGamma(p, q, v) : null)
    {
        EventType = settings.PurchaseEventType,
        ValueField = settings.PurchaseValueField,
    };

    public void Participate(ISiloLifecycle lifecycle)
    {
        // A silo that cannot reach the catalog keeps evaluating the last version it compiled.
        refresher = new PeriodicRefresh(RefreshAsync, options.Value.RefreshInterval,
            e => logger.LogWarning(e, "Refreshing the segment catalog failed; keeping version {Version}", current.Version));
        lifecycle.Subscribe(nameof(SegmentCatalogCache), ServiceLifecycleStage.Active, StartAsync, refresher.StopAsync);
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Seed.Count > 0)
        {
            await grains.GetGrain<ISegmentCatalogGrain>(0).SeedAsync([.. options.Value.Seed]);
        }

        await refresher!.StartAsync(cancellationToken);
    }
}
