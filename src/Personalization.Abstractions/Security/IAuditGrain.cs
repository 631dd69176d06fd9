using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Personalization.Security;

/// <summary>The audit trail, in durable grain storage, oldest first; it keeps the newest <c>MaxEntries</c> entries.</summary>
public interface IAuditGrain : IGrainWithIntegerKey
{
    /// <summary>Appends an entry (its <see cref="AuditEntry.Sequence"/> and <see cref="AuditEntry.Time"/> are assigned here, so entries are in order) once it is stored.</summary>
    Task<AuditEntry> RecordAsync(AuditEntry entry);

    /// <summary>Entries at or after <paramref name="since"/>, oldest first, at most <paramref name="limit"/>.</summary>
    [ReadOnly]
    Task<ImmutableArray<AuditEntry>> ListAsync(DateTimeOffset since, int limit);
}
