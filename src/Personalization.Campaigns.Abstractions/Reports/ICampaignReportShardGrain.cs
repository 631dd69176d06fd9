using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Personalization.Campaigns.Reports;

/// <summary>
/// One shard of a campaign's effectiveness counters, keyed "{campaignId}#{shard}" with the shard chosen by customer id,
/// so a popular campaign's exposures spread over <see cref="ShardCount"/> grains. The report adds the shards up.
/// </summary>
public interface ICampaignReportShardGrain : IGrainWithStringKey
{
    public const int ShardCount = 16;

    static string Key(string campaignId, int shard) => $"{campaignId}#{shard}";

    static int ShardOf(string customerId) => (int)(StableHash.Of(customerId) % ShardCount);

    Task RecordAsync(ImmutableArray<ReportEntry> entries);

    [ReadOnly]
    Task<ReportCounts> GetCountsAsync();
}
