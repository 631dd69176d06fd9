using System.Collections.Immutable;
using Personalization.Persistence;

namespace Personalization.Campaigns.Reports;

/// <remarks>
/// Counts change in memory at once and are written within <see cref="FlushInterval"/> and on deactivation, so a busy
/// campaign costs one storage write per shard per interval rather than one per exposure.
/// </remarks>
internal sealed class CampaignReportShardGrain(
    [PersistentState("campaign-report", StorageNames.Membership)] IPersistentState<CampaignReportShardState> state) : Grain, ICampaignReportShardGrain
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(2);

    private bool dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushInterval, FlushInterval) { KeepAlive = false });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushAsync();

    public Task RecordAsync(ImmutableArray<ReportEntry> entries)
    {
        var variants = state.State.Variants;
        foreach (var entry in entries)
        {
            variants[entry.Variant] = (variants.GetValueOrDefault(entry.Variant) ?? VariantCounts.Zero).Plus(entry);
            foreach (var segment in entry.Segments)
            {
                if (!state.State.Segments.TryGetValue(segment, out var bySegment))
                {
                    state.State.Segments[segment] = bySegment = new Dictionary<string, VariantCounts>(StringComparer.Ordinal);
                }

                bySegment[entry.Variant] = (bySegment.GetValueOrDefault(entry.Variant) ?? VariantCounts.Zero).Plus(entry);
            }
        }

        dirty |= entries.Length > 0;
        return Task.CompletedTask;
    }

    public Task<ReportCounts> GetCountsAsync() => Task.FromResult(new ReportCounts(
        state.State.Variants.ToImmutableDictionary(StringComparer.Ordinal),
        state.State.Segments.ToImmutableDictionary(pair => pair.Key, pair => pair.Value.ToImmutableDictionary(StringComparer.Ordinal), StringComparer.Ordinal)));

    private async Task FlushAsync()
    {
        if (!dirty)
        {
            return;
        }

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
