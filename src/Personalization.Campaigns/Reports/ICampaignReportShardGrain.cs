using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Personalization.Campaigns;

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

public enum ReportMeasure { Exposure, Shown, Clicked, Dismissed, Conversion }

/// <summary>One thing that happened to one exposure, counted for its variant and each segment the customer was in when exposed.</summary>
[GenerateSerializer, Immutable]
public sealed record ReportEntry(
    [property: Id(0)] string Variant,
    [property: Id(1)] ImmutableArray<string> Segments,
    [property: Id(2)] ReportMeasure Measure,
    [property: Id(3)] decimal Revenue = 0);

[GenerateSerializer, Immutable]
public sealed record VariantCounts(
    [property: Id(0)] long Exposures,
    [property: Id(1)] long Shown,
    [property: Id(2)] long Clicked,
    [property: Id(3)] long Dismissed,
    [property: Id(4)] long Conversions,
    [property: Id(5)] decimal Revenue)
{
    public static VariantCounts Zero { get; } = new(0, 0, 0, 0, 0, 0);

    public VariantCounts Plus(VariantCounts other) => new(
        Exposures + other.Exposures, Shown + other.Shown, Clicked + other.Clicked,
        Dismissed + other.Dismissed, Conversions + other.Conversions, Revenue + other.Revenue);

    public VariantCounts Plus(ReportEntry entry) => entry.Measure switch
    {
        ReportMeasure.Exposure => this with { Exposures = Exposures + 1 },
        ReportMeasure.Shown => this with { Shown = Shown + 1 },
        ReportMeasure.Clicked => this with { Clicked = Clicked + 1 },
        ReportMeasure.Dismissed => this with { Dismissed = Dismissed + 1 },
        _ => this with { Conversions = Conversions + 1, Revenue = Revenue + entry.Revenue },
    };
}

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
