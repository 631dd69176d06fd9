using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Personalization.Campaigns;

/// <param name="Body">The JSON body, signed and sent byte for byte the same on every attempt.</param>
public sealed record WebhookDelivery(
    string CampaignId,
    string DeliveryId,
    string OfferId,
    string CustomerId,
    WebhookTarget Target,
    byte[] Body);
