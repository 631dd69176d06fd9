namespace Personalization.Campaigns.Delivery;

/// <summary>A customer's first exposure to a campaign.</summary>
public sealed class FirstExposure
{
    public string Variant { get; set; } = "";

    public DateTimeOffset At { get; set; }

    /// <summary>The values of the campaign's conversion events in <see cref="CampaignOptions.CupedWindow"/> before <see cref="At"/>.</summary>
    public double PreExposureSpend { get; set; }
}
