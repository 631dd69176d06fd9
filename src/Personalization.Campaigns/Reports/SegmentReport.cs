using System.Collections.Immutable;
using Personalization.Campaigns.Statistics;

namespace Personalization.Campaigns.Reports;

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
