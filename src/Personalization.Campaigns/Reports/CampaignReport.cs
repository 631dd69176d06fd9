using System.Collections.Immutable;

namespace Personalization.Campaigns;

/// <summary>
/// A variant's treatment effect on a metric against the control. <see cref="Low"/>..<see cref="High"/> is the
/// fixed-horizon 95% interval (Wald, unpooled standard error); <see cref="Sequential"/> the always-valid one.
/// </summary>
/// <param name="Absolute">The variant's value minus the control's.</param>
/// <param name="Relative"><see cref="Absolute"/> over the control's value; null when the control's is 0.</param>
/// <param name="Significant">Whether the fixed-horizon interval excludes zero.</param>
public sealed record Lift(double Absolute, double? Relative, double Low, double High, bool Significant)
{
    public Interval? Sequential { get; init; }

    public double? ChanceToBeatControl { get; init; }

    /// <summary>What choosing the variant costs on average if it is in fact worse; see <see cref="BayesianComparison"/>.</summary>
    public double? ExpectedLoss { get; init; }

    /// <summary>What keeping the control costs on average if the variant is in fact better.</summary>
    public double? ControlExpectedLoss { get; init; }

    /// <summary>Only for revenue: the lift adjusted for spend before first exposure.</summary>
    public CupedLift? Cuped { get; init; }
}

/// <param name="Lift">Of the conversion rate.</param>
/// <param name="RevenuePerExposure">Revenue over exposures: 0 counted for exposures that did not convert.</param>
/// <param name="RevenueLift">Of revenue per exposure, with the CUPED-adjusted figures.</param>
public sealed record VariantReport(
    string Variant,
    bool Control,
    long Exposures,
    long Shown,
    long Clicked,
    long Dismissed,
    long Conversions,
    decimal Revenue,
    double? ClickRate,
    double? ConversionRate,
    Lift? Lift,
    double? RevenuePerExposure = null,
    Lift? RevenueLift = null);

/// <summary>Everything exposed while the customer was in <see cref="Segment"/>: all variants together, then each.</summary>
/// <param name="ResponseRate">Clicked over shown, over the variants that make offers.</param>
/// <param name="SampleRatio">The split check within the segment.</param>
public sealed record SegmentReport(
    string Segment,
    long Exposures,
    long Shown,
    long Clicked,
    double? ResponseRate,
    long Conversions,
    double? ConversionRate,
    decimal Revenue,
    ImmutableArray<VariantReport> Variants,
    SampleRatio? SampleRatio = null);

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
