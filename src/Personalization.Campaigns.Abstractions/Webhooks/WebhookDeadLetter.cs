namespace Personalization.Campaigns.Webhooks;

/// <param name="StatusCode">The receiver's last answer; null when it never answered (refused, timed out) or was never tried.</param>
/// <param name="Body">The JSON body that was to be delivered, so it can be replayed by hand.</param>
[GenerateSerializer, Immutable]
public sealed record WebhookDeadLetter(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] string OfferId,
    [property: Id(2)] string CustomerId,
    [property: Id(3)] string Url,
    [property: Id(4)] int Attempts,
    [property: Id(5)] int? StatusCode,
    [property: Id(6)] string Error,
    [property: Id(7)] DateTimeOffset FailedAt,
    [property: Id(8)] string Body);
