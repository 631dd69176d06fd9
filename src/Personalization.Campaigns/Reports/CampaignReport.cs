using System.Collections.Immutable;
using Personalization.Campaigns.Catalog;
using Personalization.Campaigns.Statistics;

namespace Personalization.Campaigns.Reports;

/// <param name="SampleRatio">Whether the split fits the weights; null for a bandit, or before two variants have exposures.</param>
/// <param name="Methods">The methods behind the numbers.</param>
public sealed record CampaignReport(
    string CampaignId,
    string? ControlVariant,
    ImmutableArray<VariantReport> Variants,
    ImmutableArray<SegmentReport> Segments,
    SampleRatio? SampleRatio = null,
    ReportMethods? Methods = null)
{
    /// <summary>The two-sided 95% quantile of the standard normal distribution.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Builds the report from the summed counters. Variants are listed in the campaign's order, then any that only older
    /// versions had; which variant is the control comes from the campaign's current version. The cost is one pass over
    /// variants × segments.
    /// </summary>
    public static CampaignReport Build(string campaignId, ImmutableArray<CampaignVariant> variants, ReportCounts counts, ReportSettings? settings = null)
    {
        settings ??= ReportSettings.Default;
        var control = variants.FirstOrDefault(v => v.Control)?.Id;
        var order = variants.Select(v => v.Id)
            .Concat(counts.Variants.Keys.Where(id => !variants.Any(v => v.Id == id)).Order(StringComparer.Ordinal))
            .ToImmutableArray();
        var segments = counts.Segments
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => Segment(pair.Key, order, control, pair.Value, variants, settings))
            .ToImmutableArray();
        return new CampaignReport(campaignId, control, ReportVariants(order, control, counts.Variants, settings), segments,
            SampleRatioOf(variants, counts.Variants, settings), ReportMethods.For(settings));
    }

    /// <summary>Difference of proportions with a Wald interval; null when either side has no exposures.</summary>
    public static Lift? LiftOf(long conversions, long exposures, long controlConversions, long controlExposures)
    {
        if (exposures == 0 || controlExposures == 0)
        {
            return null;
        }

        var rate = (double)conversions / exposures;
        var controlRate = (double)controlConversions / controlExposures;
        var difference = rate - controlRate;
        var standardError = Math.Sqrt((rate * (1 - rate) / exposures) + (controlRate * (1 - controlRate) / controlExposures));
        var low = difference - (Z95 * standardError);
        var high = difference + (Z95 * standardError);
        return new Lift(difference, controlRate == 0 ? null : difference / controlRate, low, high, low > 0 || high < 0);
    }

    /// <summary>The conversion lift with its always-valid interval and the beta-binomial comparison.</summary>
    public static Lift? ConversionLift(VariantCounts variant, VariantCounts control, double sequentialTuning)
    {
        if (LiftOf(variant.Conversions, variant.Exposures, control.Conversions, control.Exposures) is not { } lift)
        {
            return null;
        }

        var rate = (double)variant.Conversions / variant.Exposures;
        var controlRate = (double)control.Conversions / control.Exposures;
        var standardError = Math.Sqrt((rate * (1 - rate) / variant.Exposures) + (controlRate * (1 - controlRate) / control.Exposures));
        var bayesian = BetaBinomialComparison.Compare(variant.Conversions, variant.Exposures, control.Conversions, control.Exposures);
        return lift with
        {
            Sequential = SequentialInterval.Around(lift.Absolute, standardError, variant.Exposures + control.Exposures, sequentialTuning),
            ChanceToBeatControl = bayesian.ChanceToBeatControl,
            ExpectedLoss = bayesian.ExpectedLoss,
            ControlExpectedLoss = bayesian.ControlExpectedLoss,
        };
    }

    /// <summary>The lift of revenue per exposure: Welch's standard error, both intervals, the normal comparison and CUPED; null below two exposures a side.</summary>
    public static Lift? RevenueLift(VariantCounts variant, VariantCounts control, double sequentialTuning)
    {
        var treated = variant.RevenueWithCovariate;
        var baseline = control.RevenueWithCovariate;
        if (treated.Count < 2 || baseline.Count < 2)
        {
            return null;
        }

        var difference = treated.Y.Mean - baseline.Y.Mean;
        var standardError = Math.Sqrt(treated.Y.MeanVariance + baseline.Y.MeanVariance);
        var total = treated.Count + baseline.Count;
        var fixedHorizon = Interval.Around(difference, Z95 * standardError);
        var bayesian = NormalComparison.Compare(difference, standardError);
        var cuped = Cuped.Compare(treated, baseline)!;
        var cupedInterval = Interval.Around(cuped.Difference, Z95 * cuped.StandardError);
        return new Lift(difference, baseline.Y.Mean == 0 ? null : difference / baseline.Y.Mean, fixedHorizon.Low, fixedHorizon.High, fixedHorizon.Significant)
        {
            Sequential = SequentialInterval.Around(difference, standardError, total, sequentialTuning),
            ChanceToBeatControl = bayesian.ChanceToBeatControl,
            ExpectedLoss = bayesian.ExpectedLoss,
            ControlExpectedLoss = bayesian.ControlExpectedLoss,
            Cuped = new CupedLift(cuped.Difference, cupedInterval.Low, cupedInterval.High, cupedInterval.Significant,
                SequentialInterval.Around(cuped.Difference, cuped.StandardError, total, sequentialTuning), cuped.VarianceReduction),
        };
    }

    private static SampleRatio? SampleRatioOf(ImmutableArray<CampaignVariant> variants, IReadOnlyDictionary<string, VariantCounts> counts, ReportSettings settings) =>
        settings.Bandit
            ? null
            : SampleRatioTest.Check(
                [.. variants.Select(v => counts.GetValueOrDefault(v.Id)?.Exposures ?? 0)],
                [.. variants.Select(v => (double)v.Weight)]);

    private static ImmutableArray<VariantReport> ReportVariants(ImmutableArray<string> order, string? control, IReadOnlyDictionary<string, VariantCounts> counts, ReportSettings settings)
    {
        var controlCounts = control is null ? null : counts.GetValueOrDefault(control) ?? VariantCounts.Zero;
        return [.. order.Select(id =>
        {
            var c = counts.GetValueOrDefault(id) ?? VariantCounts.Zero;
            var compared = id != control && controlCounts is not null;
            return new VariantReport(id, id == control, c.Exposures, c.Shown, c.Clicked, c.Dismissed, c.Conversions, c.Revenue,
                Rate(c.Clicked, c.Shown), Rate(c.Conversions, c.Exposures),
                compared ? ConversionLift(c, controlCounts!, settings.SequentialTuning) : null,
                c.Exposures == 0 ? null : (double)c.Revenue / c.Exposures,
                compared ? RevenueLift(c, controlCounts!, settings.SequentialTuning) : null);
        })];
    }

    private static SegmentReport Segment(string segment, ImmutableArray<string> order, string? control, IReadOnlyDictionary<string, VariantCounts> counts,
        ImmutableArray<CampaignVariant> variants, ReportSettings settings)
    {
        var total = counts.Values.Aggregate(VariantCounts.Zero, (sum, c) => sum.Plus(c));
        return new SegmentReport(segment, total.Exposures, total.Shown, total.Clicked, Rate(total.Clicked, total.Shown),
            total.Conversions, Rate(total.Conversions, total.Exposures), total.Revenue,
            ReportVariants([.. order.Where(counts.ContainsKey)], control, counts, settings),
            SampleRatioOf(variants, counts, settings));
    }

    private static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;
}
