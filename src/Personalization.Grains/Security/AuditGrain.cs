using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Persistence;
using Personalization.Timing;

namespace Personalization.Security;

internal sealed class AuditGrain(
    [PersistentState("audit", StorageNames.Catalog)] IPersistentState<AuditState> state,
    [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time) : Grain, IAuditGrain
{
    /// <summary>
    /// Entries kept; the oldest goes when one more arrives. Changes to the catalog and keys are rare (people make
    /// them), erasures are at most a few a second: 10,000 entries stay one small state write.
    /// </summary>
    public const int MaxEntries = 10_000;

    public async Task<AuditEntry> RecordAsync(AuditEntry entry)
    {
        // Stamped here, by the one activation, so entries are in time order whichever silo made the change.
        var entries = state.State.Entries;
        var now = time.GetUtcNow();
        var recorded = entry with
        {
            Sequence = ++state.State.LastSequence,
            Time = entries.Count > 0 && entries[^1].Time > now ? entries[^1].Time : now,
        };
        entries.Add(recorded);
        if (entries.Count > MaxEntries)
        {
            entries.RemoveRange(0, entries.Count - MaxEntries);
        }

        await state.WriteStateAsync();
        return recorded;
    }

    public Task<ImmutableArray<AuditEntry>> ListAsync(DateTimeOffset since, int limit)
    {
        var entries = state.State.Entries;
        // Entries are appended in time order, so the first one at or after 'since' is found by binary search.
        int low = 0, high = entries.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (entries[middle].Time < since)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return Task.FromResult(entries.Skip(low).Take(limit).ToImmutableArray());
    }
}
