using System.Collections.Immutable;

namespace Personalization.Membership;

/// <summary>A customer entered or exited a segment. Published on the segment-membership stream.</summary>
/// <param name="Sequence">Increases with every change the customer publishes, so consumers can drop a stale, reordered one.</param>
[GenerateSerializer, Immutable]
public sealed record SegmentMembershipChanged(
    [property: Id(0)] string SegmentId,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] bool Entered,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] long Sequence);

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

/// <summary>The members and hourly entry/exit counts of one shard of one segment.</summary>
public interface ISegmentMembershipShardGrain : IGrainWithStringKey
{
    Task<SegmentShardStats> GetStatsAsync(DateTimeOffset since);

    /// <summary>Members in ordinal order after <paramref name="afterCustomerId"/> (exclusive), at most <paramref name="limit"/>.</summary>
    Task<ImmutableArray<string>> GetMembersAsync(string? afterCustomerId, int limit);

    /// <summary>Forgets everything, when the segment is deleted.</summary>
    Task ClearAsync();
}

[GenerateSerializer, Immutable]
public sealed record SegmentShardStats(
    [property: Id(0)] int Size,
    [property: Id(1)] ImmutableArray<HourlyMembershipChanges> Hours);

/// <summary>Entries and exits in the hour starting at <see cref="Hour"/> (UTC).</summary>
[GenerateSerializer, Immutable]
public sealed record HourlyMembershipChanges(
    [property: Id(0)] DateTimeOffset Hour,
    [property: Id(1)] int Entries,
    [property: Id(2)] int Exits);
