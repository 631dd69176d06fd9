namespace Personalization.Campaigns.Reports;

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
