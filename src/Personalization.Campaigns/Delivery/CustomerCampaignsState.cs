namespace Personalization.Campaigns.Delivery;

public sealed class CustomerCampaignsState
{
    public List<Exposure> Exposures { get; set; } = [];

    /// <summary>Exposure times per campaign, for the per-customer cap: only the latest cap-count of them matter.</summary>
    public Dictionary<string, List<DateTimeOffset>> CapHistory { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The customer's first exposure to each campaign still in the catalog: the variant a bandit campaign keeps it in,
    /// and the spend before it that CUPED adjusts by.
    /// </summary>
    public Dictionary<string, FirstExposure> FirstExposures { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The timestamp of the customer's latest event that reached campaigns: sessions end 30 minutes after it.</summary>
    public DateTimeOffset? LastActivityAt { get; set; }

    /// <summary>The session id of that event, when it had one.</summary>
    public string? SessionId { get; set; }

    /// <summary>The customer identity resolution merged this id into: the state moved there, and offers read here are its.</summary>
    public string? MergedInto { get; set; }
}
