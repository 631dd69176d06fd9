using Personalization.Campaigns.Catalog;
using Personalization.Campaigns.Reports;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Personalization.Campaigns;
using Personalization.Security;

namespace Personalization.Console.Engine;

/// <summary>The console's campaign reads and writes, through the same grains, editor and report builder as the HTTP API.</summary>
public sealed class CampaignQueries(IGrainFactory grains, IOptions<CampaignOptions> options, CampaignEditor editor, ConsoleAudit audit)
{
    private ICampaignCatalogGrain Catalog => grains.GetGrain<ICampaignCatalogGrain>(0);

    public async Task<ImmutableArray<CampaignDefinition>> ListAsync() => (await Catalog.GetSnapshotAsync()).Campaigns;

    /// <summary>The campaign as GET /v1/campaigns/{id} answers it, for the editor; null for no such campaign.</summary>
    public async Task<JsonObject?> FindJsonAsync(string campaignId) =>
        await editor.FindAsync(campaignId) is { } campaign ? CampaignJson.Write(campaign) : null;

    /// <summary>
    /// Stores the campaign as PUT /v1/campaigns/{id} does (the same editor, so the same checks and reasons) and, once
    /// stored, records it in the audit trail as that endpoint does.
    /// </summary>
    public async Task<CampaignSaveResult> SaveAsync(string campaignId, JsonObject campaign, CancellationToken cancellationToken = default)
    {
        var before = Identifiers.SegmentIdError(campaignId) is null ? await editor.LatestVersionAsync(campaignId) : null;
        var result = await editor.SaveAsync(campaignId, JsonSerializer.SerializeToElement(campaign), cancellationToken);
        if (result.Saved)
        {
            await audit.RecordAsync(AuditActions.CampaignSaved, AuditKeys.Target("campaigns", campaignId), before, await editor.LatestVersionAsync(campaignId));
        }

        return result;
    }

    /// <summary>The report GET /v1/campaigns/{id}/report answers, built from the last stored version; null for no such campaign.</summary>
    public async Task<(CampaignDefinition Campaign, CampaignReport Report)?> ReportAsync(string campaignId)
    {
        var versions = await Catalog.GetVersionsAsync(campaignId);
        if (versions.IsEmpty)
        {
            return null;
        }

        var last = versions[^1];
        var counts = await ReportCounts.ReadAsync(grains, campaignId);
        return (last, CampaignReport.Build(campaignId, last.Settings.Variants, counts, ReportSettings.From(options.Value, last.Settings.Bandit is not null)));
    }
}
