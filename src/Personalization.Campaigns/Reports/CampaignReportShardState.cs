namespace Personalization.Campaigns.Reports;

public sealed class CampaignReportShardState
{
    public Dictionary<string, VariantCounts> Variants { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, Dictionary<string, VariantCounts>> Segments { get; set; } = new(StringComparer.Ordinal);
}
