using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Persistence;
using Personalization.Timing;

namespace Personalization.Campaigns.Catalog;

internal sealed class CampaignCatalogGrain(
    [PersistentState("campaign-catalog", StorageNames.Catalog)] IPersistentState<CampaignCatalogState> state,
    [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time) : Grain, ICampaignCatalogGrain
{
    private CampaignCatalogSnapshot? snapshot;

    public async Task<CampaignWriteResult> PutAsync(string campaignId, CampaignSettings settings)
    {
        var campaigns = state.State.Campaigns;
        var created = !campaigns.TryGetValue(campaignId, out var existing);
        if (created && campaigns.Count >= CampaignLimits.MaxCampaigns)
        {
            return new CampaignWriteResult(CampaignWriteStatus.TooManyCampaigns, null);
        }

        var now = time.GetUtcNow();
        var saved = created
            ? new CampaignDefinition(campaignId, settings, LastVersion(campaignId) + 1, now, now)
            : existing! with { Settings = settings, Version = existing.Version + 1, UpdatedAt = now };
        campaigns[campaignId] = saved;
        Remember(saved);
        await CommitAsync();
        return new CampaignWriteResult(created ? CampaignWriteStatus.Created : CampaignWriteStatus.Saved, saved);
    }

    public async Task<CampaignDefinition?> DeleteAsync(string campaignId)
    {
        if (!state.State.Campaigns.Remove(campaignId, out var existing))
        {
            return null;
        }

        Remember(existing with { Version = existing.Version + 1, UpdatedAt = time.GetUtcNow(), Deleted = true });
        await CommitAsync();
        return existing;
    }

    public Task<CampaignCatalogSnapshot> GetSnapshotAsync() => Task.FromResult(Snapshot());

    public Task<CampaignCatalogSnapshot?> GetSnapshotIfChangedAsync(long knownVersion) =>
        Task.FromResult(knownVersion == state.State.Version ? null : Snapshot());

    public Task<ImmutableArray<CampaignDefinition>> GetVersionsAsync(string campaignId) =>
        Task.FromResult(state.State.History.TryGetValue(campaignId, out var versions) ? versions.ToImmutableArray() : []);

    public Task<ImmutableArray<string>> GetPlainWebhookSecretsAsync() => Task.FromResult(
        StoredDefinitions().Select(d => d.Settings.Webhook?.Secret).OfType<string>().Distinct(StringComparer.Ordinal).ToImmutableArray());

    public async Task<int> EncryptWebhookSecretsAsync(ImmutableDictionary<string, string> encrypted)
    {
        CampaignDefinition Encrypted(CampaignDefinition definition) =>
            definition.Settings.Webhook is { Secret: { } secret } webhook && encrypted.TryGetValue(secret, out var protectedSecret)
                ? definition with { Settings = definition.Settings with { Webhook = new WebhookTarget(webhook.Url, null, protectedSecret) } }
                : definition;

        // Every stored version is in the history, the current ones included.
        var changed = state.State.History.Values.SelectMany(versions => versions).Count(d => !ReferenceEquals(Encrypted(d), d));
        if (changed == 0)
        {
            return 0;
        }

        foreach (var (id, definition) in state.State.Campaigns.ToList())
        {
            state.State.Campaigns[id] = Encrypted(definition);
        }

        foreach (var versions in state.State.History.Values)
        {
            for (var i = 0; i < versions.Count; i++)
            {
                versions[i] = Encrypted(versions[i]);
            }
        }

        await CommitAsync();
        return changed;
    }

    private IEnumerable<CampaignDefinition> StoredDefinitions() =>
        state.State.Campaigns.Values.Concat(state.State.History.Values.SelectMany(versions => versions));

    // A campaign deleted and created again continues its version numbers, so a version names one definition.
    private int LastVersion(string campaignId) =>
        state.State.History.TryGetValue(campaignId, out var versions) && versions.Count > 0 ? versions[^1].Version : 0;

    private void Remember(CampaignDefinition version)
    {
        if (!state.State.History.TryGetValue(version.Id, out var versions))
        {
            state.State.History[version.Id] = versions = [];
        }

        versions.Add(version);
        if (versions.Count > CampaignLimits.MaxVersionsKept)
        {
            versions.RemoveAt(0);
        }
    }

    private CampaignCatalogSnapshot Snapshot() =>
        snapshot ??= new CampaignCatalogSnapshot(
            state.State.Version,
            [.. state.State.Campaigns.Values.OrderBy(c => c.Id, StringComparer.Ordinal)]);

    private async Task CommitAsync()
    {
        state.State.Version++;
        snapshot = null;
        await state.WriteStateAsync();
    }
}
