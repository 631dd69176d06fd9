using Personalization.Campaigns.Statistics;
using Personalization.Campaigns.Webhooks;

namespace Personalization.Campaigns;

/// <summary>Campaign settings of a host, bound from the "Campaigns" configuration section.</summary>
public sealed class CampaignOptions
{
    public const string SectionName = "Campaigns";

    /// <summary>How often each silo asks the campaign catalog whether it changed.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Webhook deliveries waiting on a silo; a delivery that finds the queue full goes straight to the dead letters.</summary>
    public int WebhookQueueCapacity { get; set; } = 10_000;

    /// <summary>Webhook requests in flight at once on a silo.</summary>
    public int WebhookConcurrency { get; set; } = 8;

    /// <summary>Attempts per webhook delivery, the first included.</summary>
    public int WebhookMaxAttempts { get; set; } = 6;

    /// <summary>The wait before the first retry; each further retry waits twice as long, with jitter.</summary>
    public TimeSpan WebhookFirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Spreads retry waits randomly around their doubling values, so deliveries that failed together do not all come back
    /// at once; off, each wait is exactly twice the one before, which makes a receiver's logs predictable.
    /// </summary>
    public bool WebhookRetryJitter { get; set; } = true;

    /// <summary>The longest one webhook attempt may take.</summary>
    public TimeSpan WebhookAttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Which webhook targets are allowed beyond public https ones: <c>Campaigns:Webhooks:AllowedHosts</c>.</summary>
    public WebhookTargetOptions Webhooks { get; set; } = new();

    /// <summary>How often a live stream sends a heartbeat comment and renews its subscription.</summary>
    public TimeSpan StreamHeartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Live streams one host serves at once; more are refused with 503.</summary>
    public int MaxStreams { get; set; } = 10_000;

    /// <summary>
    /// The share of customers (by a stable hash of their id) that no campaign ever exposes: the global holdout. Their
    /// would-be exposures are counted against everyone else's in the global holdout report. 0 turns it off.
    /// </summary>
    public double GlobalHoldoutShare { get; set; }

    /// <summary>How far before a customer's first exposure to a campaign its spend is summed for CUPED.</summary>
    public TimeSpan CupedWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The total exposures at which reports' always-valid intervals are narrowest.</summary>
    public double SequentialTuning { get; set; } = SequentialInterval.DefaultTuning;
}
