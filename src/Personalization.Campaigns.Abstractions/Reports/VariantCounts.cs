using Personalization.Campaigns.Statistics;

namespace Personalization.Campaigns.Reports;

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
