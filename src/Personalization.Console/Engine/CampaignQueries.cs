using Personalization.Campaigns.Catalog;
using Personalization.Campaigns.Reports;
using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Personalization.Campaigns;

namespace Personalization.Console.Engine;

/// <summary>The console's campaign reads, through the same grains and report builder as the HTTP API.</summary>
public sealed class CampaignQueries(IGrainFactory grains, IOptions<CampaignOptions> options)
{
    private ICampaignCatalogGrain Catalog => grains.GetGrain<ICampaignCatalogGrain>(0);

    public async Task<ImmutableArray<CampaignDefinition>> ListAsync() => (await Catalog.GetSnapshotAsync()).Campaigns;

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
