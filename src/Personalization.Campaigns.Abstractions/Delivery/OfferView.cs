using Personalization.Campaigns.Catalog;

namespace Personalization.Campaigns.Delivery;

/// <summary>An offer as a website gets it. <see cref="Content"/> is the variant's offer, JSON text.</summary>
/// <param name="ExpiresAt">For a session offer, when the session ends if no event comes first.</param>
[GenerateSerializer, Immutable]
public sealed record OfferView(
    [property: Id(0)] string OfferId,
    [property: Id(1)] string CampaignId,
    [property: Id(2)] int CampaignVersion,
    [property: Id(3)] string Variant,
    [property: Id(4)] string Content,
    [property: Id(5)] OfferScope Scope,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset? ExpiresAt);
