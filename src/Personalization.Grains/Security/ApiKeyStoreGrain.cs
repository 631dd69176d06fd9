using Personalization.Persistence;

namespace Personalization.Security;

internal sealed class ApiKeyStoreGrain(
    [PersistentState("api-keys", StorageNames.Catalog)] IPersistentState<ApiKeyStoreState> state) : Grain, IApiKeyStoreGrain
{
    private ApiKeySnapshot? snapshot;

    public async Task<bool> CreateAsync(ApiKey key)
    {
        var keys = state.State.Keys;
        if (keys.ContainsKey(key.Id) || keys.Values.Any(k => k.SecretSha256 == key.SecretSha256))
        {
            return false;
        }

        keys[key.Id] = key;
        await CommitAsync();
        return true;
    }

    public async Task<ApiKey?> RevokeAsync(string keyId, DateTimeOffset at)
    {
        if (!state.State.Keys.TryGetValue(keyId, out var key))
        {
            return null;
        }

        if (key.RevokedAt is null)
        {
            state.State.Keys[keyId] = key with { RevokedAt = at };
            await CommitAsync();
        }

        return key;
    }

    public Task<ApiKeySnapshot> GetSnapshotAsync() => Task.FromResult(Snapshot());

    public Task<ApiKeySnapshot?> GetSnapshotIfChangedAsync(long knownVersion) =>
        Task.FromResult(knownVersion == state.State.Version ? null : Snapshot());

    private ApiKeySnapshot Snapshot() =>
        snapshot ??= new ApiKeySnapshot(state.State.Version, [.. state.State.Keys.Values.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)]);

    private async Task CommitAsync()
    {
        state.State.Version++;
        snapshot = null;
        await state.WriteStateAsync();
    }
}
