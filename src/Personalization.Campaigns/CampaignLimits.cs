namespace Personalization.Campaigns;

/// <summary>Every limit campaigns enforce, in the API and in the grains; each is tested and documented in docs/campaigns.md.</summary>
public static class CampaignLimits
{
    public const int MaxCampaigns = 1000;
    public const int MaxIdLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxContentBytes = 16 * 1024;
    public const int MaxVariants = 10;
    public const int MaxVariantWeight = 10_000;
    public const int MaxCapCount = 1_000_000;
    public const int MaxWebhookUrlLength = 2048;
    public const int MinWebhookSecretLength = 16;
    public const int MaxWebhookSecretLength = 256;
    public const int MaxVersionsKept = 100;
    public const int MaxDeadLettersKept = 1000;
    public const int MaxDeadLettersPerPage = 1000;
    public const int MaxOfferIdLength = 64;

    /// <summary>Exposures a customer keeps for attribution and outcomes; past it the oldest are dropped and can no longer convert.</summary>
    public const int MaxExposuresPerCustomer = 200;

    /// <summary>Segments recorded with an exposure for the per-segment report; a customer in more is reported under the first, in catalog order.</summary>
    public const int MaxSegmentsPerExposure = 100;

    /// <summary>The largest global holdout: beyond half, campaigns would reach fewer customers than they leave out.</summary>
    public const double MaxGlobalHoldoutShare = 0.5;

    /// <summary>The CUPED window cannot reach further back than the behaviour ledger keeps raw events.</summary>
    public static readonly TimeSpan MaxCupedWindow = TimeSpan.FromDays(30);

    /// <summary>A bandit's shares are recomputed at most this often and at least this rarely.</summary>
    public static readonly TimeSpan MaxBanditUpdateInterval = TimeSpan.FromDays(7);

    public static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(90);
    public static readonly TimeSpan MaxAttributionWindow = TimeSpan.FromDays(90);
    public static readonly TimeSpan MaxCapPeriod = TimeSpan.FromDays(366);
}
