using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Personalization.Timing;

namespace Personalization.Campaigns.Catalog;

/// <summary>
/// The compiled campaigns every customer on this silo is checked against. The event path reads <see cref="Current"/>
/// and never calls the catalog grain; this polls the catalog's version and compiles once per change.
/// </summary>
public sealed class CampaignCatalogCache(
    IGrainFactory grains,
    IOptions<CampaignOptions> options,
    ILogger<CampaignCatalogCache> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private volatile CampaignIndex current = CampaignIndex.Empty;
    private bool loaded;
    private PeriodicRefresh? refresher;

    public CampaignIndex Current => current;

    /// <summary>Fetches and compiles the catalog now if it changed; called after a write so this silo sees it at once.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            var snapshot = await grains.GetGrain<ICampaignCatalogGrain>(0).GetSnapshotIfChangedAsync(loaded ? current.Version : -1);
            if (snapshot is not null)
            {
                current = CampaignIndex.Compile(snapshot, logger);
                logger.LogInformation("Campaign catalog version {Version} compiled: {Count} campaigns", snapshot.Version, snapshot.Campaigns.Length);
            }

            loaded = true;
        }
        finally
        {
            refreshing.Release();
        }
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        // A silo that cannot reach the catalog keeps running the campaigns it compiled last.
        refresher = new PeriodicRefresh(RefreshAsync, options.Value.RefreshInterval,
            e => logger.LogWarning(e, "Refreshing the campaign catalog failed; keeping version {Version}", current.Version));
        lifecycle.Subscribe(nameof(CampaignCatalogCache), ServiceLifecycleStage.Active, refresher.StartAsync, refresher.StopAsync);
    }
}
