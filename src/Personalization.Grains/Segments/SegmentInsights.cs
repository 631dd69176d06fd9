using System.Collections.Immutable;
using Personalization.Customers;
using Personalization.Membership;
using Personalization.Rules;

namespace Personalization.Segments;

/// <summary>
/// What the HTTP API and the console both ask of segments beyond their definitions: stats over the membership shards
/// and previews of draft rules. One implementation, so the console shows what the API answers.
/// </summary>
public sealed class SegmentInsights(IGrainFactory grains, SegmentCatalogCache catalogs)
{
    /// <summary>Merges the segment's shards: their sizes added, their hours summed hour by hour.</summary>
    public async Task<SegmentStats> StatsAsync(string segmentId, DateTimeOffset since)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, SegmentMembershipStreams.ShardCount)
            .Select(shard => grains.GetGrain<ISegmentMembershipShardGrain>(SegmentMembershipStreams.Key(segmentId, shard)).GetStatsAsync(since)));
        var merged = shards.SelectMany(s => s.Hours)
            .GroupBy(h => h.Hour)
            .OrderBy(g => g.Key)
            .Select(g => new HourlyMembershipChanges(g.Key, g.Sum(h => h.Entries), g.Sum(h => h.Exits)))
            .ToImmutableArray();
        return new SegmentStats(segmentId, shards.Sum(s => s.Size), merged);
    }

    /// <summary>Members in shard order, each shard's ids in ordinal order after the position's id.</summary>
    public async Task<MemberExportPage> MembersAsync(string segmentId, MemberPosition from, int pageSize)
    {
        var members = ImmutableArray.CreateBuilder<string>(pageSize);
        var (shard, after) = from;
        while (shard < SegmentMembershipStreams.ShardCount && members.Count < pageSize)
        {
            var wanted = pageSize - members.Count;
            var page = await grains.GetGrain<ISegmentMembershipShardGrain>(SegmentMembershipStreams.Key(segmentId, shard)).GetMembersAsync(after, wanted);
            members.AddRange(page);
            if (page.Length == wanted)
            {
                after = page[^1];
                break;
            }

            (shard, after) = (shard + 1, null);
        }

        return new MemberExportPage(members.ToImmutable(), shard < SegmentMembershipStreams.ShardCount ? new MemberPosition(shard, after) : null);
    }

    /// <summary>
    /// Compiles <paramref name="rule"/> with the catalog (throws <see cref="RuleSyntaxException"/> or
    /// <see cref="SegmentRuleException"/> with the line and column), then evaluates it on up to
    /// <paramref name="sampleSize"/> customers sampled evenly from the directory's shards.
    /// </summary>
    public async Task<SegmentPreview> PreviewAsync(string rule, int sampleSize, int exampleCount)
    {
        SegmentCatalog.Validate(rule);
        catalogs.CompileWithDraft(rule);
        var perShard = (sampleSize + ICustomerDirectoryGrain.ShardCount - 1) / ICustomerDirectoryGrain.ShardCount;
        var samples = await Task.WhenAll(Enumerable.Range(0, ICustomerDirectoryGrain.ShardCount)
            .Select(shard => grains.GetGrain<ICustomerDirectoryGrain>(shard).SampleAsync(perShard)));
        var sampled = samples.SelectMany(s => s).Take(sampleSize).ToArray();
        var matching = new List<string>();
        foreach (var chunk in sampled.Chunk(64))
        {
            var results = await Task.WhenAll(chunk.Select(id => grains.GetCustomerGrain(id).MatchesDraftAsync(rule)));
            matching.AddRange(chunk.Where((_, i) => results[i]));
        }

        return new SegmentPreview(sampled.Length, matching.Count, [.. matching.Order(StringComparer.Ordinal).Take(exampleCount)]);
    }
}
