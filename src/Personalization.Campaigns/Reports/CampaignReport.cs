using System.Collections.Immutable;

namespace Personalization.Campaigns;

/// <summary>
/// A variant's treatment effect on the conversion rate against the control: the difference of the two proportions with a
/// 95% confidence interval from the normal approximation (Wald, unpooled standard error).
/// </summary>
/// <param name="Absolute">Conversion rate of the variant minus that of the control.</param>
/// <param name="Relative"><see cref="Absolute"/> over the control's rate; null when the control converted nobody.</param>
/// <param name="Significant">Whether the interval excludes zero.</param>
public sealed record Lift(double Absolute, double? Relative, double Low, double High, bool Significant);

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
    Lift? Lift);

/// <summary>Everything exposed while the customer was in <see cref="Segment"/>: all variants together, then each.</summary>
/// <param name="ResponseRate">Clicked over shown, over the variants that make offers.</param>
public sealed record SegmentReport(
    string Segment,
    long Exposures,
    long Shown,
    long Clicked,
    double? ResponseRate,
    long Conversions,
    double? ConversionRate,
    decimal Revenue,
    ImmutableArray<VariantReport> Variants);

public sealed record CampaignReport(
    string CampaignId,
    string? ControlVariant,
    ImmutableArray<VariantReport> Variants,
    ImmutableArray<SegmentReport> Segments)
{
    /// <summary>The two-sided 95% quantile of the standard normal distribution.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Builds the report from the summed counters. Variants are listed in the campaign's order, then any that only older
    /// versions had; which variant is the control comes from the campaign's current version.
    /// </summary>
    public static CampaignReport Build(string campaignId, ImmutableArray<CampaignVariant> variants, ReportCounts counts)
    {
        var control = variants.FirstOrDefault(v => v.Control)?.Id;
        var order = variants.Select(v => v.Id)
            .Concat(counts.Variants.Keys.Where(id => !variants.Any(v => v.Id == id)).Order(StringComparer.Ordinal))
            .ToImmutableArray();
        var segments = counts.Segments
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => Segment(pair.Key, order, control, pair.Value))
            .ToImmutableArray();
        return new CampaignReport(campaignId, control, ReportVariants(order, control, counts.Variants), segments);
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

    private static ImmutableArray<VariantReport> ReportVariants(ImmutableArray<string> order, string? control, IReadOnlyDictionary<string, VariantCounts> counts)
    {
        var controlCounts = control is null ? null : counts.GetValueOrDefault(control) ?? VariantCounts.Zero;
        return [.. order.Select(id =>
        {
            var c = counts.GetValueOrDefault(id) ?? VariantCounts.Zero;
            var lift = id == control || controlCounts is null ? null : LiftOf(c.Conversions, c.Exposures, controlCounts.Conversions, controlCounts.Exposures);
            return new VariantReport(id, id == control, c.Exposures, c.Shown, c.Clicked, c.Dismissed, c.Conversions, c.Revenue,
                Rate(c.Clicked, c.Shown), Rate(c.Conversions, c.Exposures), lift);
        })];
    }

    private static SegmentReport Segment(string segment, ImmutableArray<string> order, string? control, IReadOnlyDictionary<string, VariantCounts> counts)
    {
        var total = counts.Values.Aggregate(VariantCounts.Zero, (sum, c) => sum.Plus(c));
        return new SegmentReport(segment, total.Exposures, total.Shown, total.Clicked, Rate(total.Clicked, total.Shown),
            total.Conversions, Rate(total.Conversions, total.Exposures), total.Revenue,
            ReportVariants([.. order.Where(counts.ContainsKey)], control, counts));
    }

    private static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;
}
