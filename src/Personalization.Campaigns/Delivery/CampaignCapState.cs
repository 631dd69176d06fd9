namespace Personalization.Campaigns.Delivery;

public sealed class CampaignCapState
{
    /// <summary>The period the count belongs to: its length and its index since the Unix epoch.</summary>
    public string Period { get; set; } = "";

    public int Taken { get; set; }
}
