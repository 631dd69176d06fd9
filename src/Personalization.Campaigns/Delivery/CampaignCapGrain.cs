using Personalization.Campaigns.Catalog;
using Personalization.Persistence;

namespace Personalization.Campaigns.Delivery;

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
