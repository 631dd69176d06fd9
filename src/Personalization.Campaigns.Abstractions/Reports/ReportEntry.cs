using System.Collections.Immutable;

namespace Personalization.Campaigns.Reports;

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
