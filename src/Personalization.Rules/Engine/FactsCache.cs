using Personalization.Rules.Facts;

namespace Personalization.Rules.Engine;

/// <summary>
/// Per-catalog memory of resolved slots and computed values for the customer whose ledger it is bound to, so that an
/// evaluation looks up each attribute once, binds event types and derived counters only when the ledger's shape changes, and
/// recomputes a behavioural value only when an event of its type arrived or time crossed one of its edges. Caches are
/// lent to customers by the catalog's <see cref="FactsCachePool"/>; binding another ledger starts it afresh.
/// </summary>
internal sealed class FactsCache
{
    private readonly Feature[] features;
    private readonly string[] typeNames;

    private readonly RuleValue[] attributes;
    private readonly long[] attributeStamps;
    private long stamp;

    private readonly EventTypeLedger?[] typeLedgers;
    private readonly DerivedCounters?[] derived;
    private BehaviourLedger? boundLedger;
    private long boundStructure = -1;

    // The fields read on every use sit together, so a check touches one cache line; tallies are needed only to recompute.
    private readonly CachedValue[] values;
    private readonly WindowTally[] tallies;

    private SessionInfo session;
    private long sessionVersion = -1;
    private long sessionValidFrom;

    private int inUse;

    public FactsCache(SegmentCatalog catalog)
    {
        Catalog = catalog;
        features = catalog.Features;
        typeNames = catalog.EventTypes;
        attributes = new RuleValue[catalog.AttributeCount];
        attributeStamps = new long[catalog.AttributeCount];
        typeLedgers = new EventTypeLedger?[typeNames.Length];
        derived = new DerivedCounters?[features.Length];
        values = new CachedValue[features.Length];
        tallies = new WindowTally[features.Length];
        Matches = new bool[catalog.SegmentIds.Count];
        NextChanges = new long[catalog.SegmentIds.Count];
        SegmentValidFrom = new long[catalog.SegmentIds.Count];
        SegmentValidUntil = new long[catalog.SegmentIds.Count];
    }

    public SegmentCatalog Catalog { get; }

    /// <summary>Scratch results for <see cref="SegmentCatalog.NextChangeAt"/>, which has no caller-provided span.</summary>
    public bool[] Matches { get; }

    public long[] NextChanges { get; }

    /// <summary>Per segment, the interval of time in which its last answer stays right if no event arrives and the profile is unchanged.</summary>
    public long[] SegmentValidFrom { get; }

    public long[] SegmentValidUntil { get; }

    /// <summary>Set when a customer found this cache still bound to its ledger; the pool's sweep clears it.</summary>
    public bool Reused { get; set; }

    public bool IsBoundTo(BehaviourLedger ledger) => ReferenceEquals(Volatile.Read(ref boundLedger), ledger);

    public bool TryAcquire() => Interlocked.CompareExchange(ref inUse, 1, 0) == 0;

    public void Release() => Volatile.Write(ref inUse, 0);

    /// <summary>
    /// Starts an evaluation: profile attributes are read afresh, and the ledger is rebound if it is another one or its
    /// shape changed. False when the cache was another customer's: then no segment's last answer is known to be this
    /// customer's, and every segment must be evaluated.
    /// </summary>
    public bool Begin(CustomerFacts facts)
    {
        stamp++;
        var ledger = facts.Behaviour;
        var sameLedger = ReferenceEquals(ledger, boundLedger);
        if (sameLedger && ledger.StructureVersion == boundStructure)
        {
            return true;
        }

        for (var i = 0; i < typeNames.Length; i++)
        {
            typeLedgers[i] = ledger.Find(typeNames[i]);
        }

        foreach (var feature in features)
        {
            derived[feature.Slot] = feature.DerivedKey is { } key ? typeLedgers[feature.TypeSlot]?.Derived?.GetValueOrDefault(key) : null;
        }

        Array.Clear(values);
        Array.Clear(SegmentValidUntil);
        sessionVersion = -1;
        Volatile.Write(ref boundLedger, ledger);
        boundStructure = ledger.StructureVersion;
        return sameLedger;
    }

    public RuleValue Attribute(int slot, string name, CustomerFacts facts)
    {
        if (attributeStamps[slot] != stamp)
        {
            attributes[slot] = facts.Profile.TryGetValue(name, out var value) ? value : RuleValue.Null;
            attributeStamps[slot] = stamp;
        }

        return attributes[slot];
    }

    public RuleValue Feature(Feature feature, ref Evaluation e, out long validUntil)
    {
        var slot = feature.Slot;
        var type = typeLedgers[feature.TypeSlot];
        var version = feature.DependsOnAllEvents ? boundLedger!.Version : type?.Version ?? -1;
        var now = e.NowTicks;
        ref var cached = ref values[slot];
        var noEdgePassed = now >= cached.ValidFrom && now < cached.ValidUntil;
        if (cached.Version == version && noEdgePassed)
        {
            validUntil = cached.ValidUntil;
            return cached.Value;
        }

        var value = feature.Compute(ref e, type, derived[slot], ref tallies[slot], noEdgePassed, out validUntil);
        cached = new CachedValue { Value = value, Version = version, ValidFrom = now, ValidUntil = validUntil };
        return value;
    }

    /// <summary>
    /// The session current at now: the one of the latest event at or before now, unless that event is
    /// <see cref="SegmentCatalog.SessionTimeout"/> or more in the past. Events with a session id belong to the session
    /// of that id; events without one form sessions split by gaps of the timeout.
    /// </summary>
    public SessionInfo Session(ref Evaluation e)
    {
        var ledger = boundLedger!;
        var now = e.NowTicks;
        if (sessionVersion == ledger.Version && now >= sessionValidFrom && now < session.ValidUntil)
        {
            return session;
        }

        session = FindSession(ledger, now);
        sessionVersion = ledger.Version;
        sessionValidFrom = now;
        return session;
    }

    private static SessionInfo FindSession(BehaviourLedger ledger, long now)
    {
        var activity = ledger.Activity.Span;
        var timeout = SegmentCatalog.SessionTimeout.Ticks;
        var latest = activity.Length - 1;
        while (latest >= 0 && activity[latest].UtcTicks > now)
        {
            latest--;
        }

        var nextEvent = latest + 1 < activity.Length ? activity[latest + 1].UtcTicks : long.MaxValue;
        if (latest < 0 || now - activity[latest].UtcTicks >= timeout)
        {
            return new SessionInfo(false, null, 0, nextEvent);
        }

        var mark = activity[latest];
        var validUntil = Time.Earliest(mark.UtcTicks + timeout, nextEvent);
        if (mark.SessionId is not null)
        {
            return new SessionInfo(true, mark.SessionId, long.MinValue, validUntil);
        }

        // The tracked start is kept even when the session outgrew the marks; it describes the newest mark's session only.
        var start = latest == activity.Length - 1 && ledger.OpenSessionStart is { } open ? open.UtcTicks : BehaviourLedger.RunStart(activity, latest);
        return new SessionInfo(true, null, start, validUntil);
    }

    /// <summary>A behavioural value, the ledger version it was computed from, and the time interval in which it holds.</summary>
    private struct CachedValue
    {
        public RuleValue Value;
        public long Version;
        public long ValidFrom;
        public long ValidUntil;
    }
}
