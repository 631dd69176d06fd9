namespace Personalization.Membership;

/// <summary>Segment stats' settings (<c>Storage:Stats</c> in the host's configuration).</summary>
public sealed class SegmentStatsOptions
{
    public const string SectionName = "Storage:Stats";

    /// <summary>
    /// The longest a segment shard keeps membership changes in memory before writing its members and counts. Every
    /// segment has <see cref="SegmentMembershipStreams.ShardCount"/> shards, so on durable storage a short interval
    /// spends much of the storage's write budget on stats that customers' own rows already imply; a host that
    /// crashes loses at most this much of the stats' history (the customers' state is unaffected). Not used when
    /// customers are written only as their activations end (<see cref="Customers.DurabilityMode.OnDeactivation"/>):
    /// shards then do the same.
    /// </summary>
    public TimeSpan WriteInterval { get; set; } = TimeSpan.FromSeconds(30);
}
