using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Personalization.Campaigns;

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
    private CancellationTokenSource? stopping;
    private Task? polling;

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

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CampaignCatalogCache), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        stopping = new CancellationTokenSource();
        polling = PollAsync(stopping.Token);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (stopping is null || polling is null)
        {
            return;
        }

        await stopping.CancelAsync();
        await polling.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await RefreshAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A silo that cannot reach the catalog keeps running the campaigns it compiled last.
                    logger.LogWarning(e, "Refreshing the campaign catalog failed; keeping version {Version}", current.Version);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }
}
