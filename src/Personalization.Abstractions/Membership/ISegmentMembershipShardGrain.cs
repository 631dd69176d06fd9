using System.Collections.Immutable;

namespace Personalization.Membership;

/// <summary>The members and hourly entry/exit counts of one shard of one segment.</summary>
public interface ISegmentMembershipShardGrain : IGrainWithStringKey
{
    Task<SegmentShardStats> GetStatsAsync(DateTimeOffset since);

    /// <summary>Members in ordinal order after <paramref name="afterCustomerId"/> (exclusive), at most <paramref name="limit"/>.</summary>
    Task<ImmutableArray<string>> GetMembersAsync(string? afterCustomerId, int limit);

    /// <summary>Forgets everything, when the segment is deleted.</summary>
    Task ClearAsync();
}
