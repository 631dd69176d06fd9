namespace Personalization.Membership;

/// <summary>
/// Where segment membership changes flow. Each segment's changes are spread over <see cref="ShardCount"/>
/// streams by customer, so no single consumer sits on the path of every change of a popular segment.
/// </summary>
public static class SegmentMembershipStreams
{
    public const string ProviderName = "segment-events";
    public const string Namespace = "segment-membership";
    public const int ShardCount = 16;

    /// <summary>How long hourly entry and exit counts are kept.</summary>
    public const int HistoryHours = 7 * 24;

    public static int ShardOf(string customerId) => (int)(StableHash.Of(customerId) % ShardCount);

    /// <summary>The stream key, which is also the key of the shard grain that consumes it.</summary>
    public static string Key(string segmentId, int shard) => $"{segmentId}#{shard}";
}
