using System.Collections.Concurrent;

namespace Personalization.Customers;

/// <summary>
/// The customer grains active on this silo, so a catalog change can reach each of them without waiting
/// for its next event. Inactive customers need no message: they evaluate the current catalog on activation.
/// </summary>
public sealed class ActiveCustomers
{
    private readonly ConcurrentDictionary<string, ICustomerGrain> active = new(StringComparer.Ordinal);

    public ActiveCustomers() => EngineMetrics.ObserveActiveCustomers(() => active.Count);

    public int Count => active.Count;

    internal void Add(string customerId, ICustomerGrain grain) => active[customerId] = grain;

    internal void Remove(string customerId) => active.TryRemove(customerId, out _);

    /// <summary>Asks every active customer to re-evaluate; one-way, so a silo with many customers is not held up.</summary>
    public void ReevaluateAll()
    {
        foreach (var grain in active.Values)
        {
            grain.ReevaluateAsync().Ignore();
        }
    }
}
