namespace Personalization.Campaigns.Catalog;

public sealed class CampaignCatalogState
{
    public long Version { get; set; }

    public Dictionary<string, CampaignDefinition> Campaigns { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<CampaignDefinition>> History { get; set; } = new(StringComparer.Ordinal);
}
