using System.Collections.Concurrent;
using System.Collections.Immutable;
using Personalization.Diagnostics;
using Personalization.Identity;
using Personalization.Rules;
using Personalization.Rules.Population;

namespace Personalization.Customers;

/// <summary>
/// The customer grains active on this silo and the membership each last evaluated. A catalog change reaches them
/// through a paced re-evaluation pass rather than all at once; a lookup on this silo reads a current membership here
/// without a grain call. Inactive customers need neither: they evaluate the current catalog on activation.
/// </summary>
public sealed class ActiveCustomers
{
    /// <summary>Re-evaluations sent per pacing step; with <see cref="PacingStep"/>, at most 4,000 a second per silo.</summary>
    private const int ReevaluationsPerStep = 40;

    private static readonly TimeSpan PacingStep = TimeSpan.FromMilliseconds(10);

    private readonly ConcurrentDictionary<string, ActiveCustomer> active = new(StringComparer.Ordinal);
    private readonly IGrainFactory grains;
    private long passesRequested;
    private int passRunning;

    public ActiveCustomers(IGrainFactory grains)
    {
        this.grains = grains;
        EngineMetrics.ObserveActiveCustomers(() => active.Count);
    }

    public int Count => active.Count;

    internal ActiveCustomer Add(string customerId, CustomerGrain grain) => active[customerId] = new ActiveCustomer(customerId, grain);

    /// <summary>Enters an alias whose customer holds its merged state: lookups and events on this silo go to that customer.</summary>
    internal ActiveCustomer AddAlias(string aliasId, string customerId) => active[aliasId] = new ActiveAlias(aliasId, customerId);

    /// <summary>The customer an id resolves to as far as this silo knows: the customer of an active alias, else the id.</summary>
    public string Resolve(string customerId) => Resolve(customerId, out _);

    /// <summary>
    /// The id <paramref name="customerId"/> resolves to and that customer's entry when it is active here. An alias costs
    /// one more table lookup; any other id only the type test.
    /// </summary>
    private string Resolve(string customerId, out ActiveCustomer? entry)
    {
        if (!active.TryGetValue(customerId, out entry) || entry is not ActiveAlias alias)
        {
            return customerId;
        }

        active.TryGetValue(alias.AliasOf, out entry);
        return alias.AliasOf;
    }

    /// <summary>Takes this entry off the table, and only this one: never a later activation's entry under the same id.</summary>
    internal void Remove(ActiveCustomer entry) => active.TryRemove(new KeyValuePair<string, ActiveCustomer>(entry.CustomerId, entry));

    /// <summary>
    /// The customer's activation when it is active on this silo and not deactivating, and the id its calls go to
    /// (<paramref name="resolvedId"/>: the customer of an active alias, else the id).
    /// </summary>
    internal CustomerGrain? FindGrain(string customerId, out string resolvedId)
    {
        resolvedId = Resolve(customerId, out var entry);
        return entry?.Grain;
    }

    /// <summary>
    /// The string instance this silo's active customer of that id already holds, else the given one: segment shards keep
    /// a member list per segment, and without this each list held its own copy of every id (about ten per customer).
    /// </summary>
    public string SharedId(string customerId) => active.TryGetValue(customerId, out var entry) ? entry.CustomerId : customerId;

    /// <summary>
    /// The customer's segments when it is active on this silo and its last evaluation still holds; either way the id
    /// a grain call for them goes to (<paramref name="resolvedId"/>).
    /// </summary>
    public bool TryGetCurrentSegments(string customerId, SegmentCatalog current, DateTimeOffset now, out ImmutableArray<string> segments, out string resolvedId)
    {
        resolvedId = Resolve(customerId, out var entry);
        if (entry?.Membership is { } membership && membership.IsCurrent(current, now) && !entry.PopulationStale)
        {
            segments = membership.Segments;
            return true;
        }

        segments = default;
        return false;
    }

    /// <summary>The values of population expressions that this silo's active customers measured at their last evaluations.</summary>
    internal IEnumerable<Population.PopulationValues> PopulationValues()
    {
        foreach (var entry in active.Values)
        {
            if (entry is not ActiveAlias && entry.PopulationValues is { } values)
            {
                yield return values;
            }
        }
    }

    /// <summary>
    /// After a population refresh: marks the active customers whose last measured values <paramref name="change"/> may
    /// answer differently for, so lookups go to their grains, and asks them to re-evaluate, one-way and paced as after a
    /// catalog change. The others keep their answers, which the new distributions cannot change.
    /// </summary>
    /// <returns>How many customers were marked.</returns>
    public int ReevaluateForPopulation(PopulationChange change)
    {
        var marked = new List<string>();
        foreach (var entry in active.Values)
        {
            if (entry is not ActiveAlias && entry.PopulationValues is { } measured && change.Affects(measured.Expressions, measured.Values))
            {
                entry.PopulationStale = true;
                marked.Add(entry.CustomerId);
            }
        }

        if (marked.Count > 0)
        {
            _ = Task.Run(() => SendPacedAsync(marked));
        }

        return marked.Count;
    }

    private async Task SendPacedAsync(List<string> customerIds)
    {
        var sentThisStep = 0;
        foreach (var customerId in customerIds)
        {
            grains.GetCustomerGrain(customerId).ReevaluateAsync().Ignore();
            if (++sentThisStep == ReevaluationsPerStep)
            {
                sentThisStep = 0;
                await Task.Delay(PacingStep);
            }
        }
    }

    /// <summary>
    /// Asks every active customer that evaluated an older catalog than <paramref name="current"/> returns to
    /// re-evaluate, one-way and paced, so that a catalog change does not queue ten thousand evaluations ahead of
    /// lookups and events. A request during a pass makes another pass follow it; customers that evaluated the newer
    /// catalog by themselves meanwhile (an event, a lookup) are skipped.
    /// </summary>
    public void ReevaluateStale(Func<SegmentCatalog> current)
    {
        Interlocked.Increment(ref passesRequested);
        if (Interlocked.CompareExchange(ref passRunning, 1, 0) == 0)
        {
            _ = Task.Run(() => RunPassesAsync(current));
        }
    }

    private async Task RunPassesAsync(Func<SegmentCatalog> current)
    {
        while (true)
        {
            var requested = Interlocked.Read(ref passesRequested);
            await ReevaluatePassAsync(current);
            Volatile.Write(ref passRunning, 0);

            // A request that came after this pass read its count needs a pass of its own, unless another runner took it.
            if (Interlocked.Read(ref passesRequested) == requested || Interlocked.CompareExchange(ref passRunning, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private async Task ReevaluatePassAsync(Func<SegmentCatalog> current)
    {
        var sentThisStep = 0;
        foreach (var entry in active.Values)
        {
            // A customer never evaluated (a visitor not yet looked up or stored) evaluates on its first call anyway.
            if (entry.Membership is not { } membership || ReferenceEquals(membership.Catalog, current()))
            {
                continue;
            }

            grains.GetCustomerGrain(entry.CustomerId).ReevaluateAsync().Ignore();
            if (++sentThisStep == ReevaluationsPerStep)
            {
                sentThisStep = 0;
                await Task.Delay(PacingStep);
            }
        }
    }
}
