using Personalization.Campaigns.Catalog;

namespace Personalization.Campaigns.Webhooks;

/// <param name="Body">The JSON body, signed and sent byte for byte the same on every attempt.</param>
public sealed record WebhookDelivery(
    string CampaignId,
    string DeliveryId,
    string OfferId,
    string CustomerId,
    WebhookTarget Target,
    byte[] Body);
