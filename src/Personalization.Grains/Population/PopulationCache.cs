using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Personalization.Customers;
using Personalization.Rules.Population;
using Personalization.Segments;
using Personalization.Timing;

namespace Personalization.Population;

/// <summary>
/// Keeps this silo's <see cref="PopulationRanks"/>, which its compiled catalogs read <c>percentile</c> from, fresh: every
/// <see cref="PopulationOptions.RefreshInterval"/> it sketches the values its active customers last measured (one
/// <see cref="KllSketch"/> per expression of the current catalog), reports them to the <see cref="IPopulationGrain"/>
/// and publishes the cluster's merge. When the new distributions move a cut point the catalog compares, the active
/// customers whose values lie between its old and new place re-evaluate, paced as after a catalog change
/// (<see cref="ActiveCustomers.ReevaluateForPopulation"/>).
/// </summary>
public sealed class PopulationCache(
    IGrainFactory grains,
    ActiveCustomers activeCustomers,
    SegmentCatalogCache catalogs,
    PopulationRanks ranks,
    ILocalSiloDetails silo,
    IOptions<PopulationOptions> options,
    ILogger<PopulationCache> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>A silo's report stands this many refresh intervals without a newer one, so one late report does not drop a silo.</summary>
    private const int ReportLifetimeInIntervals = 3;

    private readonly SemaphoreSlim refreshing = new(1, 1);
    private PeriodicRefresh? refresher;
    private long version;
    private long marked;

    public PopulationRanks Ranks => ranks;

    /// <summary>How many times refreshes have marked an active customer for re-evaluation (its answers may have changed).</summary>
    public long Marked => Interlocked.Read(ref marked);

    /// <summary>Sketches, reports and publishes now; the periodic refresh calls it, and tests to skip the wait.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            var catalog = catalogs.Current;
            var report = new PopulationReport(
                silo.SiloAddress.ToParsableString(),
                options.Value.RefreshInterval * ReportLifetimeInIntervals,
                Sketch(catalog.PopulationExpressions));
            var merged = await grains.GetGrain<IPopulationGrain>(0).ReportAsync(report);
            var snapshot = new PopulationSnapshot(
                ++version,
                merged.ToDictionary(pair => pair.Key, pair => PopulationSketches.FromWire(pair.Value).ToDistribution(), StringComparer.Ordinal));
            var before = ranks.Current;
            ranks.Publish(snapshot);
            var change = catalogs.Current.PopulationChangeBetween(before, snapshot);
            if (!change.IsEmpty)
            {
                Interlocked.Add(ref marked, activeCustomers.ReevaluateForPopulation(change));
            }
        }
        finally
        {
            refreshing.Release();
        }
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        // After the catalog: a silo with no population yet answers percentiles with null rather than not starting.
        refresher = new PeriodicRefresh(RefreshOrReportAsync, options.Value.RefreshInterval, _ => { });
        lifecycle.Subscribe(nameof(PopulationCache), ServiceLifecycleStage.Active + 1, refresher.StartAsync, refresher.StopAsync);
    }

    private async Task RefreshOrReportAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Refreshing the population failed; keeping distributions of refresh {Version}", ranks.Current.Version);
        }
    }

    private ImmutableDictionary<string, PopulationSketch> Sketch(IReadOnlyList<string> expressions)
    {
        if (expressions.Count == 0)
        {
            return ImmutableDictionary<string, PopulationSketch>.Empty;
        }

        var sketches = new Dictionary<string, KllSketch>(StringComparer.Ordinal);
        foreach (var expression in expressions)
        {
            sketches[expression] = new KllSketch(seed: (int)StableHash.Of($"{silo.SiloAddress.ToParsableString()} {version} {expression}"));
        }

        foreach (var measured in activeCustomers.PopulationValues())
        {
            for (var i = 0; i < measured.Expressions.Count; i++)
            {
                var value = measured.Values[i];
                if (!double.IsNaN(value) && sketches.TryGetValue(measured.Expressions[i], out var sketch))
                {
                    sketch.Add(value);
                }
            }
        }

        return sketches.ToImmutableDictionary(pair => pair.Key, pair => PopulationSketches.ToWire(pair.Value), StringComparer.Ordinal);
    }
}
