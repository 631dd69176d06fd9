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
/// <param name="Covariate">
/// The customer's spend before first exposure to the campaign (CUPED's covariate), on exposures and conversions.
/// </param>
[GenerateSerializer, Immutable]
public sealed record ReportEntry(
    [property: Id(0)] string Variant,
    [property: Id(1)] ImmutableArray<string> Segments,
    [property: Id(2)] ReportMeasure Measure,
    [property: Id(3)] decimal Revenue = 0,
    [property: Id(4)] double Covariate = 0);

/// <summary>
/// A variant's counters, and the sufficient statistics of revenue per exposure (Y) and pre-exposure spend (X): Σ Y² in
/// <see cref="RevenueSquares"/>, Σ X, Σ X² and Σ XY. Every field adds across shards.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record VariantCounts(
    [property: Id(0)] long Exposures,
    [property: Id(1)] long Shown,
    [property: Id(2)] long Clicked,
    [property: Id(3)] long Dismissed,
    [property: Id(4)] long Conversions,
    [property: Id(5)] decimal Revenue,
    [property: Id(6)] double RevenueSquares = 0,
    [property: Id(7)] double Covariate = 0,
    [property: Id(8)] double CovariateSquares = 0,
    [property: Id(9)] double RevenueTimesCovariate = 0)
{
    public static VariantCounts Zero { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Conversions per exposure, as a 0/1 metric.</summary>
    public SampleMoments Conversion => new(Exposures, Conversions, Conversions);

    /// <summary>Revenue per exposure (0 for an exposure that did not convert) with the pre-exposure spend.</summary>
    public CovariateMoments RevenueWithCovariate =>
        new(Exposures, (double)Revenue, RevenueSquares, Covariate, CovariateSquares, RevenueTimesCovariate);

    public VariantCounts Plus(VariantCounts other) => new(
        Exposures + other.Exposures, Shown + other.Shown, Clicked + other.Clicked,
        Dismissed + other.Dismissed, Conversions + other.Conversions, Revenue + other.Revenue,
        RevenueSquares + other.RevenueSquares, Covariate + other.Covariate, CovariateSquares + other.CovariateSquares,
        RevenueTimesCovariate + other.RevenueTimesCovariate);

    public VariantCounts Plus(ReportEntry entry)
    {
        switch (entry.Measure)
        {
            case ReportMeasure.Exposure:
                return this with
                {
                    Exposures = Exposures + 1,
                    Covariate = Covariate + entry.Covariate,
                    CovariateSquares = CovariateSquares + (entry.Covariate * entry.Covariate),
                };
            case ReportMeasure.Shown:
                return this with { Shown = Shown + 1 };
            case ReportMeasure.Clicked:
                return this with { Clicked = Clicked + 1 };
            case ReportMeasure.Dismissed:
                return this with { Dismissed = Dismissed + 1 };
            default:
                var revenue = (double)entry.Revenue;
                return this with
                {
                    Conversions = Conversions + 1,
                    Revenue = Revenue + entry.Revenue,
                    RevenueSquares = RevenueSquares + (revenue * revenue),
                    RevenueTimesCovariate = RevenueTimesCovariate + (revenue * entry.Covariate),
                };
        }
    }
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
