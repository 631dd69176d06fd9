namespace Personalization.Client;

/// <param name="Content">The offer as its campaign defines it: JSON text, usually an object with a title, a code, a link.</param>
/// <param name="ExpiresAt">When the offer lapses: the end of its time to live, or of the session it was made in; null when not known yet.</param>
public sealed record PendingOffer(
    string OfferId,
    string CampaignId,
    string Variant,
    string Content,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt);
