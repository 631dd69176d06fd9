using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.GrainDirectory;

namespace Personalization.Hosting;

/// <summary>
/// Orleans' grain directory cache (registered through <see cref="GrainDirectoryOptions.CachingStrategyType.Custom"/>)
/// that keeps nothing while this silo is the cluster's only active one, and is Orleans' own LRU cache otherwise.
/// </summary>
/// <remarks>
/// A silo caches the address of every activation it registers, up to <see cref="GrainDirectoryOptions.CacheSize"/>
/// (a million by default), an entry per active customer. While the silo is alone it owns every directory
/// partition, and the same synchronous lookup that tries the cache first reads its own partition next, so the cache
/// only holds a second copy of the directory. A miss is always safe (the cache is a shortcut to the directory), so
/// nothing changes when a second silo joins except that addresses are cached from then on.
/// </remarks>
internal sealed class SingleSiloDirectoryCache : IGrainDirectoryCache, IAsyncDisposable
{
    private readonly IClusterMembershipService membership;
    private readonly IGrainDirectoryCache cache;
    private volatile SiloCount counted = new(MembershipVersion.MinValue, Alone: true);

    public SingleSiloDirectoryCache(IServiceProvider services, IClusterMembershipService membership, IOptions<GrainDirectoryOptions> options)
    {
        this.membership = membership;
        var configured = options.Value;
        cache = GrainDirectoryCacheFactory.CreateGrainDirectoryCache(services, new GrainDirectoryOptions
        {
            CachingStrategy = GrainDirectoryOptions.CachingStrategyType.LRU,
            CacheSize = configured.CacheSize,
            MaximumCacheTTL = configured.MaximumCacheTTL,
        });
    }

    public IEnumerable<(GrainAddress ActivationAddress, int Version)> KeyValues => cache.KeyValues;

    public void AddOrUpdate(GrainAddress value, int version)
    {
        if (!IsOnlyActiveSilo())
        {
            cache.AddOrUpdate(value, version);
        }
    }

    public bool Remove(GrainId key) => cache.Remove(key);

    public bool Remove(GrainAddress key) => cache.Remove(key);

    public void Clear() => cache.Clear();

    public bool LookUp(GrainId key, [NotNullWhen(true)] out GrainAddress? result, out int version) =>
        cache.LookUp(key, out result, out version);

    public ValueTask DisposeAsync() => cache switch
    {
        IAsyncDisposable disposable => disposable.DisposeAsync(),
        _ => ValueTask.CompletedTask,
    };

    /// <summary>Counts the active silos once per membership version, not once per registration.</summary>
    private bool IsOnlyActiveSilo()
    {
        var snapshot = membership.CurrentSnapshot;
        var last = counted;
        if (snapshot.Version != last.Version)
        {
            counted = last = new SiloCount(snapshot.Version, snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) <= 1);
        }

        return last.Alone;
    }

    private sealed record SiloCount(MembershipVersion Version, bool Alone);
}
