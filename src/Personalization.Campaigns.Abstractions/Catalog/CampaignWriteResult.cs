namespace Personalization.Campaigns.Catalog;

[GenerateSerializer, Immutable]
public sealed record CampaignWriteResult(
    [property: Id(0)] CampaignWriteStatus Status,
    [property: Id(1)] CampaignDefinition? Campaign);
