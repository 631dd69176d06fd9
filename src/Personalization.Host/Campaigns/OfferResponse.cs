using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Personalization.Campaigns.Catalog;
using Personalization.Campaigns.Delivery;

namespace Personalization.Host.Campaigns;

/// <summary>An offer as pages get it: <see cref="Content"/> is the campaign's offer object as it was written.</summary>
/// <param name="ExpiresAt">For a session offer, when the session ends if no event comes first.</param>
public sealed record OfferResponse(
    string OfferId,
    string CampaignId,
    int CampaignVersion,
    string Variant,
    JsonNode? Content,
    string Scope,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt)
{
    public static OfferResponse From(OfferView offer) => new(
        offer.OfferId, offer.CampaignId, offer.CampaignVersion, offer.Variant, JsonNode.Parse(offer.Content),
        offer.Scope == OfferScope.Session ? "session" : "ttl", offer.CreatedAt, offer.ExpiresAt);

    /// <summary>Null stays null: a lookup while no campaign runs answers without an offers field.</summary>
    public static ImmutableArray<OfferResponse>? FromMany(ImmutableArray<OfferView>? offers) =>
        offers is { } some ? [.. some.Select(From)] : null;
}
