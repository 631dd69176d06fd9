using System.Collections.Immutable;

namespace Personalization.Campaigns.Reports;

/// <param name="Variants">Counts by variant id.</param>
/// <param name="Segments">Counts by segment id, then variant id.</param>
[GenerateSerializer, Immutable]
public sealed record ReportCounts(
    [property: Id(0)] ImmutableDictionary<string, VariantCounts> Variants,
    [property: Id(1)] ImmutableDictionary<string, ImmutableDictionary<string, VariantCounts>> Segments)
{
    public static ReportCounts Empty { get; } = new(
        ImmutableDictionary.Create<string, VariantCounts>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, ImmutableDictionary<string, VariantCounts>>(StringComparer.Ordinal));

    /// <summary>Adds up the shards of a report: <see cref="ICampaignReportShardGrain.ShardCount"/> calls in parallel.</summary>
    public static async Task<ReportCounts> ReadAsync(IGrainFactory grains, string reportId)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, ICampaignReportShardGrain.ShardCount).Select(shard =>
            grains.GetGrain<ICampaignReportShardGrain>(ICampaignReportShardGrain.Key(reportId, shard)).GetCountsAsync()));
        return shards.Aggregate(Empty, (sum, shard) => sum.Plus(shard));
    }

    public ReportCounts Plus(ReportCounts other)
    {
        var segments = Segments.ToBuilder();
        foreach (var (segment, variants) in other.Segments)
        {
            segments[segment] = Merge(segments.GetValueOrDefault(segment) ?? Empty.Variants, variants);
        }

        return new ReportCounts(Merge(Variants, other.Variants), segments.ToImmutable());
    }

    private static ImmutableDictionary<string, VariantCounts> Merge(ImmutableDictionary<string, VariantCounts> a, ImmutableDictionary<string, VariantCounts> b)
    {
        var merged = a.ToBuilder();
        foreach (var (variant, counts) in b)
        {
            merged[variant] = (merged.GetValueOrDefault(variant) ?? VariantCounts.Zero).Plus(counts);
        }

        return merged.ToImmutable();
    }
}
