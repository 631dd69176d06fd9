using Personalization.Campaigns.Catalog;
using Personalization.Campaigns.Delivery;

namespace Personalization.Campaigns.Experiments;

/// <summary>
/// The customers no campaign exposes, chosen by a stable hash of the customer id alone, so a customer is in or out of
/// the holdout for every campaign, on every host, with nothing stored. Their would-be exposures (trigger, caps and
/// audience passed) and everyone else's exposures are counted in one more report, under <see cref="ReportId"/>, whose
/// two arms measure the overall lift of all campaigns together.
/// </summary>
public static class GlobalHoldout
{
    /// <summary>The report key of the global holdout report; no campaign id can take it ('~' is not allowed in ids).</summary>
    public const string ReportId = "~global-holdout";

    /// <summary>The arm of customers campaigns may expose, control variants of single campaigns included.</summary>
    public const string CampaignsArm = "campaigns";

    public const string HoldoutArm = "holdout";

    public static bool Contains(string customerId, double share) =>
        share > 0 && VariantAssignment.Bucket(ReportId, customerId) < share * 4294967296.0;

    /// <summary>The two arms with integer weights in the proportion of the share, for the report's sample ratio check.</summary>
    public static System.Collections.Immutable.ImmutableArray<CampaignVariant> Arms(double share)
    {
        var holdout = (int)Math.Round(share * CampaignLimits.MaxVariantWeight);
        return [new CampaignVariant(CampaignsArm, CampaignLimits.MaxVariantWeight - holdout), new CampaignVariant(HoldoutArm, holdout, Control: true)];
    }
}
