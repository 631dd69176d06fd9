namespace Personalization.Campaigns.Webhooks;

public sealed class CampaignDeadLetterState
{
    public List<WebhookDeadLetter> Letters { get; set; } = [];
}
