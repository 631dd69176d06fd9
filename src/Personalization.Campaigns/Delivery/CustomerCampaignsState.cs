namespace Personalization.Campaigns;

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

/// <summary>
/// A customer assigned to a campaign variant when its trigger fired. For a variant that makes offers it is also the
/// offer (<see cref="Id"/> is the offer id); for the control it is only counted.
/// </summary>
public sealed class Exposure
{
    public string Id { get; set; } = "";

    public string CampaignId { get; set; } = "";

    public int CampaignVersion { get; set; }

    public string Variant { get; set; } = "";

    public bool Control { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The customer's segments when exposed; the report counts everything about the exposure under each.</summary>
    public List<string> Segments { get; set; } = [];

    /// <summary>The offer's JSON; null for the control.</summary>
    public string? Content { get; set; }

    public OfferScope Scope { get; set; }

    /// <summary>When the offer ends: set at once for a time-to-live, and for a session offer once its session has ended.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The session the offer was made in, when events carry session ids.</summary>
    public string? SessionId { get; set; }

    public string ConversionEventType { get; set; } = "";

    public DateTimeOffset AttributionUntil { get; set; }

    public bool Shown { get; set; }

    public bool Clicked { get; set; }

    public bool Dismissed { get; set; }

    public DateTimeOffset? ConvertedAt { get; set; }

    /// <summary>The customer's spend before its first exposure to the campaign, counted with the exposure for CUPED.</summary>
    public double Covariate { get; set; }

    /// <summary>The customer is in the global holdout: this would-be exposure made no offer and counts only in the holdout report.</summary>
    public bool GlobalHoldout { get; set; }

    /// <summary>A global holdout was configured when the exposure happened, so the holdout report counts it too.</summary>
    public bool InHoldoutReport { get; set; }
}
