using Personalization.Rules.Facts;

namespace Personalization.Rules.Engine;

/// <summary>
/// A catalog's evaluation caches, shared by all the customers that catalog evaluates. A cache is sized by the catalog
/// (its features, attributes and segments), so keeping one per active customer would make a silo's memory grow with
/// catalog size × customers; a bounded pool keeps it at catalog size × pool size. A customer that comes back while its
/// cache is still bound to its ledger continues incrementally; otherwise it takes over a cache that was not reused
/// lately and evaluates in full once.
/// </summary>
/// <remarks>
/// Replacement is a clock sweep in which only a hit sets a cache's reference bit, so customers seen once (a draft
/// previewed on a sample, a burst of new visitors) recycle one another's caches instead of evicting customers that
/// come back. The pool grows, up to its limit, when a customer comes back to find its cache taken, or when a sweep finds
/// every cache recently reused or in use.
/// </remarks>
internal sealed class FactsCachePool
{
    /// <summary>The pool of one catalog takes at most about this many bytes, and has at least <see cref="MinSlots"/> caches.</summary>
    /// <remarks>
    /// At 64 MiB a 100-segment catalog had about 7,700 caches, and a silo whose 10,000 regular customers came back in
    /// turn found a quarter of them taken: each such event rescanned every window from the ledger, and batched ingest
    /// ran at 150,000-175,000 events/s instead of 200,000. The pool grows only as customers come back, so the budget is
    /// what a busy catalog may take, not what every catalog takes; at 100 segments <see cref="MaxSlots"/> stops it near 140 MiB.
    /// </remarks>
    internal const long BudgetBytes = 256L << 20;

    private const int MinSlots = 8;

    private const int MaxSlots = 16_384;

    private readonly SegmentCatalog catalog;
    private readonly FactsCache?[] slots;
    private readonly Lock growing = new();
    private int allocated;
    private int hand;

    public FactsCachePool(SegmentCatalog catalog, int capacity)
    {
        this.catalog = catalog;
        slots = new FactsCache?[capacity];
    }

    public int Capacity => slots.Length;

    /// <summary>How many caches exist so far.</summary>
    public int Allocated => Volatile.Read(ref allocated);

    /// <summary>Enough caches for the customers a silo evaluates again and again, within <see cref="BudgetBytes"/>.</summary>
    public static int CapacityFor(int features, int attributes, int segments)
    {
        // Rough sizes of the per-feature, per-attribute and per-segment entries of a cache, with their array headers.
        var bytes = 512L + (features * 200L) + (attributes * 32L) + (segments * 32L);
        return (int)Math.Clamp(BudgetBytes / bytes, MinSlots, MaxSlots);
    }

    /// <summary>
    /// A cache for this customer, held exclusively until <see cref="Return"/>. <paramref name="hint"/> is the slot the
    /// customer used last time in this pool; it is updated to the slot taken now.
    /// </summary>
    public FactsCache Rent(BehaviourLedger ledger, ref int hint)
    {
        if ((uint)hint < (uint)slots.Length && Volatile.Read(ref slots[hint]) is { } last && last.IsBoundTo(ledger) && last.TryAcquire())
        {
            // The bound ledger may have changed hands between the check and the acquisition.
            if (last.IsBoundTo(ledger))
            {
                last.Reused = true;
                return last;
            }

            last.Release();
        }

        // A customer that had a cache here and lost it is one that comes back: the pool is smaller than the customers
        // in use, so it grows while it may rather than take another such customer's cache.
        if (hint >= 0 && Allocated < slots.Length)
        {
            return Grow(ref hint);
        }

        // A first sweep clears the reference bits it passes; a second one finds a victim unless every cache is in use.
        for (var sweep = 0; sweep < 2; sweep++)
        {
            if (TrySweep(ref hint) is { } victim)
            {
                return victim;
            }

            if (sweep == 0 && Allocated < slots.Length)
            {
                return Grow(ref hint);
            }
        }

        // More evaluations at once than the pool has caches: this one gets a cache of its own, used once.
        hint = -1;
        return NewAcquired();
    }

    public static void Return(FactsCache cache) => cache.Release();

    private FactsCache? TrySweep(ref int hint)
    {
        var count = Allocated;
        for (var probe = 0; probe < count; probe++)
        {
            var slot = (int)((uint)Interlocked.Increment(ref hand) % (uint)count);
            var candidate = Volatile.Read(ref slots[slot])!;
            if (candidate.Reused)
            {
                candidate.Reused = false;
                continue;
            }

            if (candidate.TryAcquire())
            {
                hint = slot;
                return candidate;
            }
        }

        return null;
    }

    private FactsCache Grow(ref int hint)
    {
        var cache = NewAcquired();
        lock (growing)
        {
            if (allocated < slots.Length)
            {
                hint = allocated;
                Volatile.Write(ref slots[allocated], cache);
                Volatile.Write(ref allocated, allocated + 1);
                return cache;
            }
        }

        hint = -1;
        return cache;
    }

    private FactsCache NewAcquired()
    {
        var cache = new FactsCache(catalog);
        cache.TryAcquire();
        return cache;
    }
}
