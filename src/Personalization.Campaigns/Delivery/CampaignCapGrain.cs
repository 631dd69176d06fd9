using Orleans.Concurrency;

namespace Personalization.Campaigns;

/// <summary>
/// A campaign's global frequency cap, keyed by campaign id. Consulted only when a trigger fires for a customer who passed
/// every other check, never per event, so one grain per campaign is not on the ingest path.
/// </summary>
public interface ICampaignCapGrain : IGrainWithStringKey
{
    /// <summary>Takes one exposure from the period that holds <paramref name="at"/>; false when the period's count is used up.</summary>
    Task<bool> TryTakeAsync(FrequencyCap cap, DateTimeOffset at);

    /// <summary>Exposures taken so far in the period that holds <paramref name="at"/>.</summary>
    [ReadOnly]
    Task<int> TakenAsync(FrequencyCap cap, DateTimeOffset at);
}

public sealed class CampaignCapState
{
    /// <summary>The period the count belongs to: its length and its index since the Unix epoch.</summary>
    public string Period { get; set; } = "";

    public int Taken { get; set; }
}

/// <remarks>
/// Periods are fixed windows aligned to the Unix epoch (so "1d" is a UTC calendar day), which needs one counter rather
/// than a log of every exposure. Takes are answered from memory and written within <see cref="FlushInterval"/>: after
/// a crash a cap may admit up to that interval's takes again.
/// </remarks>
internal sealed class CampaignCapGrain(
    [PersistentState("campaign-cap", StorageNames.Catalog)] IPersistentState<CampaignCapState> state) : Grain, ICampaignCapGrain
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private bool dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushInterval, FlushInterval) { KeepAlive = false });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushAsync();

    public Task<bool> TryTakeAsync(FrequencyCap cap, DateTimeOffset at)
    {
        var taken = TakenIn(PeriodKey(cap, at));
        if (taken >= cap.Count)
        {
            return Task.FromResult(false);
        }

        state.State.Period = PeriodKey(cap, at);
        state.State.Taken = taken + 1;
        dirty = true;
        return Task.FromResult(true);
    }

    public Task<int> TakenAsync(FrequencyCap cap, DateTimeOffset at) => Task.FromResult(TakenIn(PeriodKey(cap, at)));

    private int TakenIn(string period) => state.State.Period == period ? state.State.Taken : 0;

    private static string PeriodKey(FrequencyCap cap, DateTimeOffset at) =>
        $"{cap.Period.Ticks}:{(at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / cap.Period.Ticks}";

    private async Task FlushAsync()
    {
        if (dirty)
        {
            dirty = false;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                dirty = true;
                throw;
            }
        }
    }
}
