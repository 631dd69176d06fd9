namespace Personalization.Campaigns.Catalog;

/// <param name="Content">The offer this variant makes, as JSON text; null to make the campaign's offer.</param>
/// <param name="Control">A control variant gets nothing, but its exposures and conversions are counted for the report.</param>
[GenerateSerializer, Immutable]
public sealed record CampaignVariant(
    [property: Id(0)] string Id,
    [property: Id(1)] int Weight,
    [property: Id(2)] bool Control = false,
    [property: Id(3)] string? Content = null);
