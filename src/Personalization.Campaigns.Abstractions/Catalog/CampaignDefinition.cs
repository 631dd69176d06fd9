namespace Personalization.Campaigns.Catalog;

[GenerateSerializer, Immutable]
public sealed record CampaignDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] CampaignSettings Settings,
    [property: Id(2)] int Version,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] bool Deleted = false);
