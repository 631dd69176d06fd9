namespace Personalization.Security;

public sealed class AuditState
{
    /// <summary>The last sequence number given out; it keeps counting when old entries are dropped.</summary>
    public long LastSequence { get; set; }

    /// <summary>Oldest first, at most <see cref="AuditGrain.MaxEntries"/>.</summary>
    public List<AuditEntry> Entries { get; set; } = [];
}
