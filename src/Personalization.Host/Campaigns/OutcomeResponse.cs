namespace Personalization.Host.Campaigns;

public sealed record OutcomeResponse(string OfferId, string Outcome, bool Recorded);
