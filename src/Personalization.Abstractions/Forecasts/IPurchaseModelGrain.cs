using Orleans.Concurrency;

namespace Personalization.Forecasts;

/// <summary>
/// Holds the fitted purchase models (key 0). Every silo polls it with its catalog and compiles the catalog again when
/// the version moves, so all silos evaluate the forecast functions with the same parameters.
/// </summary>
public interface IPurchaseModelGrain : IGrainWithIntegerKey
{
    /// <summary>The current fit; null before the first.</summary>
    [ReadOnly]
    Task<PurchaseModelSnapshot?> GetAsync();

    /// <summary>Null when the caller's version is current (or nothing is fitted), so silos can poll cheaply.</summary>
    [ReadOnly]
    Task<PurchaseModelSnapshot?> GetIfChangedAsync(long knownVersion);

    /// <summary>Stores a fit as the next version (its own version is ignored) and returns it as stored.</summary>
    Task<PurchaseModelSnapshot> SaveAsync(PurchaseModelSnapshot fit);
}
