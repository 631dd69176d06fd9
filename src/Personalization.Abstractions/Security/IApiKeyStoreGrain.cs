using Orleans.Concurrency;

namespace Personalization.Security;

/// <summary>
/// The cluster's API keys, in durable grain storage. Requests never call it: every silo keeps a copy and polls
/// <see cref="GetSnapshotIfChangedAsync"/>, so a revocation reaches every silo within one poll.
/// </summary>
public interface IApiKeyStoreGrain : IGrainWithIntegerKey
{
    /// <summary>Stores a new key; false when a key with its id or secret already exists.</summary>
    Task<bool> CreateAsync(ApiKey key);

    /// <summary>Marks a key revoked; null when there is no such key, the key as it was before otherwise.</summary>
    Task<ApiKey?> RevokeAsync(string keyId, DateTimeOffset at);

    [ReadOnly]
    Task<ApiKeySnapshot> GetSnapshotAsync();

    /// <summary>Null when the caller's version is current, so silos can poll cheaply.</summary>
    [ReadOnly]
    Task<ApiKeySnapshot?> GetSnapshotIfChangedAsync(long knownVersion);
}
