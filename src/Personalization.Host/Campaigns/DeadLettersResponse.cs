using System.Collections.Immutable;
using Personalization.Campaigns.Webhooks;

namespace Personalization.Host.Campaigns;

public sealed record DeadLettersResponse(string CampaignId, ImmutableArray<WebhookDeadLetter> DeadLetters);
