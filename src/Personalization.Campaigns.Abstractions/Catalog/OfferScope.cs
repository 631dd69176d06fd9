namespace Personalization.Campaigns.Catalog;

public enum OfferScope
{
    /// <summary>The offer lasts while the session it was made in does.</summary>
    Session,

    /// <summary>The offer lasts <see cref="CampaignSettings.TimeToLive"/> from when it was made.</summary>
    TimeToLive,
}
