namespace Personalization.Campaigns.Catalog;

public enum TriggerKind
{
    /// <summary>The customer entered the segment named by <see cref="CampaignTrigger.Target"/>.</summary>
    SegmentEntered,

    /// <summary>The customer left the segment named by <see cref="CampaignTrigger.Target"/>.</summary>
    SegmentExited,

    /// <summary>An event of the type named by <see cref="CampaignTrigger.Target"/> was recorded, and <see cref="CampaignTrigger.Rule"/> holds for it.</summary>
    Event,
}
