using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Personalization.Campaigns.Catalog;

/// <summary>
/// The single source of truth for campaign definitions and their versions. Nothing on the event path calls it:
/// each silo keeps a compiled copy (<c>CampaignCatalogCache</c>) and refreshes it when the version moves.
/// </summary>
public interface ICampaignCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Creates or replaces a campaign; the settings must already be validated against the segment catalog.</summary>
    Task<CampaignWriteResult> PutAsync(string campaignId, CampaignSettings settings);

    /// <summary>Deletes a campaign, keeping its history; null when there was none.</summary>
    Task<CampaignDefinition?> DeleteAsync(string campaignId);

    [ReadOnly]
    Task<CampaignCatalogSnapshot> GetSnapshotAsync();

    /// <summary>Null when the caller's version is current, so silos can poll cheaply.</summary>
    [ReadOnly]
    Task<CampaignCatalogSnapshot?> GetSnapshotIfChangedAsync(long knownVersion);

    /// <summary>Every stored version of a campaign, oldest first, a deletion included.</summary>
    [ReadOnly]
    Task<ImmutableArray<CampaignDefinition>> GetVersionsAsync(string campaignId);

    /// <summary>Webhook secrets still stored in plain text (by a version before secrets were encrypted), in any campaign or version.</summary>
    [ReadOnly]
    Task<ImmutableArray<string>> GetPlainWebhookSecretsAsync();

    /// <summary>Replaces each plain secret found in <paramref name="encrypted"/> by its encrypted form; answers how many stored versions changed.</summary>
    Task<int> EncryptWebhookSecretsAsync(ImmutableDictionary<string, string> encrypted);
}
