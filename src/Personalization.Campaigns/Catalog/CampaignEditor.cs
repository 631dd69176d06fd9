using System.Text.Json;
using Personalization.Campaigns.Webhooks;
using Personalization.Segments;

namespace Personalization.Campaigns.Catalog;

/// <summary>
/// Creates or replaces a campaign from its JSON form: the one path the HTTP API's PUT /v1/campaigns/{id} and the
/// console's editor both store campaigns through, so both check the same fields with the same reasons. Reads every
/// field (<see cref="CampaignReader"/>), compiles its rules with the segment catalog (<see cref="CampaignRules"/>),
/// refuses inward webhook targets, encrypts the webhook secret, stores, and brings this silo's campaign index up to date.
/// </summary>
public sealed class CampaignEditor(
    IGrainFactory grains,
    SegmentCatalogCache segments,
    CampaignCatalogCache campaigns,
    WebhookTargets targets,
    WebhookSecrets secrets)
{
    public const string InvalidTitle = "The campaign is not valid.";

    private ICampaignCatalogGrain Catalog => grains.GetGrain<ICampaignCatalogGrain>(0);

    /// <summary>The campaign as stored now, or null when there is none (a deleted one included).</summary>
    public async Task<CampaignDefinition?> FindAsync(string campaignId) =>
        (await Catalog.GetSnapshotAsync()).Campaigns.FirstOrDefault(c => c.Id == campaignId);

    /// <summary>The campaign's latest stored version (a deletion is one), for the audit trail; null for a campaign never stored.</summary>
    public async Task<long?> LatestVersionAsync(string campaignId) =>
        (await Catalog.GetVersionsAsync(campaignId)) is [.., var last] ? last.Version : null;

    public async Task<CampaignSaveResult> SaveAsync(string campaignId, JsonElement campaign, CancellationToken cancellationToken)
    {
        if (Identifiers.SegmentIdError(campaignId) is { } idError)
        {
            return CampaignSaveResult.Refused("The campaign id is not valid.", "campaignId", idError);
        }

        var current = await FindAsync(campaignId);
        var errors = new CampaignFieldErrors();
        var settings = CampaignReader.Read(campaignId, campaign, current?.Settings.Webhook, errors);
        if (settings is null)
        {
            return CampaignSaveResult.Refused(InvalidTitle, errors);
        }

        if (CampaignRules.Check(settings, segments) is { } refusal)
        {
            return refusal;
        }

        if (settings.Webhook is { } webhook && await targets.RefusalAsync(new Uri(webhook.Url), cancellationToken) is { } inward)
        {
            return CampaignSaveResult.Refused(InvalidTitle, "webhook.url", inward);
        }

        if (settings.Webhook is { } target)
        {
            // Stored encrypted (a target kept from the stored version already is).
            settings = settings with { Webhook = secrets.Protect(target) };
        }

        var result = await Catalog.PutAsync(campaignId, settings);
        if (result.Status == CampaignWriteStatus.TooManyCampaigns)
        {
            return CampaignSaveResult.Refused("There are too many campaigns.", "campaignId", $"at most {CampaignLimits.MaxCampaigns} campaigns may exist; delete one first");
        }

        await campaigns.RefreshAsync(cancellationToken);
        return CampaignSaveResult.Stored(result.Campaign!, result.Status == CampaignWriteStatus.Created);
    }
}
