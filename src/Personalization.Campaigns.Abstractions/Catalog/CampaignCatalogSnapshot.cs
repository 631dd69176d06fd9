using System.Collections.Immutable;

namespace Personalization.Campaigns.Catalog;

/// <summary>The live campaigns at one catalog version; the version increases with every change.</summary>
[GenerateSerializer, Immutable]
public sealed record CampaignCatalogSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableArray<CampaignDefinition> Campaigns);
