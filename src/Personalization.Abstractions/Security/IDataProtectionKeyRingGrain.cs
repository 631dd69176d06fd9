using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Personalization.Security;

/// <summary>
/// The cluster's ASP.NET Core Data Protection key ring (its keys as XML elements) in durable grain storage, so every
/// silo protects and unprotects with the same keys. Data Protection reads it when it loads or refreshes its key ring,
/// never per request.
/// </summary>
public interface IDataProtectionKeyRingGrain : IGrainWithIntegerKey
{
    [ReadOnly]
    Task<ImmutableArray<string>> GetElementsAsync();

    /// <summary>Adds an element; one with the same name replaces it (Data Protection names each key after its id).</summary>
    Task StoreElementAsync(string name, string xml);
}
