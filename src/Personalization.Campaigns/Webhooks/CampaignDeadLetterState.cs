namespace Personalization.Campaigns;

public sealed class CampaignDeadLetterState
{
    public List<WebhookDeadLetter> Letters { get; set; } = [];
}
