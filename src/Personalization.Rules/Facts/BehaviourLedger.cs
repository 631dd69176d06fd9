using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Personalization.Rules.Engine;

namespace Personalization.Rules;

/// <summary>
/// What a customer did, bounded in memory: lifetime counters for every event type (up to <see cref="MaxTrackedEventTypes"/>
/// types, plus any type a rule names), the most recent raw events of each type (at most <see cref="MaxRetainedEventsPerType"/>,
/// no older than the catalog's retention), and the aggregates the catalog's filtered or property rules need.
/// Public and mutable only so that System.Text.Json can persist it; change it through <see cref="CustomerFacts.Record"/>.
/// </summary>
/// <remarks>
/// A silo holds hundreds of thousands of these, most with a few event types and a few events each, so the ledger keeps
/// plain arrays instead of collections and instants as UTC ticks. Rules read instants only, never the offset an event
/// arrived with, so the offset is not kept: timestamps read back (and stored) in UTC.
/// </remarks>
public sealed class BehaviourLedger
{
    public const int MaxTrackedEventTypes = 100;

    public const int MaxRetainedEventsPerType = 256;

    /// <summary>Event instants kept for finding session boundaries across event types.</summary>
    public const int MaxActivityMarks = 512;

    public const int MaxDistinctValues = 256;

    private const long NoOpenSession = long.MinValue;

    // Exactly as long as needed and searched in order: a customer has a few types, new ones are rare after its first
    // events, and a dictionary would cost more than the ledgers it finds.
    private EventTypeLedger[] types = [];
    private ActivityMark[] activity = [];
    private int activityCount;
    private long openSessionStartTicks = NoOpenSession;

    /// <summary>The type ledgers by type name, as stored; each read makes a small view, the engine itself uses <see cref="Find"/>.</summary>
    public IReadOnlyDictionary<string, EventTypeLedger> Types
    {
        get => new TypeLedgers(this);
        set
        {
            types = value is null ? [] : [.. value.Select(pair => pair.Value.Named(pair.Key))];
            StructureVersion++;
        }
    }

    /// <summary>Instants and session ids of recent events of every type, oldest first.</summary>
    public ReadOnlyMemory<ActivityMark> Activity
    {
        get => activity.AsMemory(0, activityCount);
        set
        {
            activity = value.ToArray();
            activityCount = activity.Length;
            Version++;
        }
    }

    /// <summary>
    /// Start of the session without an id that the latest event belongs to; null when the latest event carries a session
    /// id. Tracked as events arrive, so a long session keeps its start after its first marks fall out of <see cref="Activity"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? OpenSessionStart
    {
        get => openSessionStartTicks == NoOpenSession ? null : new DateTimeOffset(openSessionStartTicks, TimeSpan.Zero);
        set => openSessionStartTicks = value?.UtcTicks ?? NoOpenSession;
    }

    /// <summary>Bumped on every recorded event; cached session-dependent values compare it.</summary>
    /// <remarks>Compared only for equality, so wrapping around after 2^32 events is harmless.</remarks>
    [JsonIgnore]
    internal int Version { get; private set; }

    /// <summary>Bumped when a type ledger or aggregate is added or removed, so cached references to them are rebound.</summary>
    [JsonIgnore]
    internal int StructureVersion { get; private set; }

    /// <summary>The ledger of an event type; null when the type is not tracked.</summary>
    internal EventTypeLedger? Find(string type)
    {
        // Names are shared, so the reference comparison string.Equals starts with mostly decides.
        foreach (var ledger in types)
        {
            if (string.Equals(ledger.Type, type, StringComparison.Ordinal))
            {
                return ledger;
            }
        }

        return null;
    }

    /// <summary>Replaces the type names read from storage by the process's shared instances.</summary>
    internal void ShareNames()
    {
        foreach (var type in types)
        {
            type.ShareNames();
        }
    }

    internal void Record(BehaviourEvent e, RecordingPlan plan, long newestTicks)
    {
        var ticks = e.Timestamp.UtcTicks;
        var latest = activityCount > 0 ? activity[activityCount - 1] : default;

        // A session's events repeat its id; each arrives as a fresh string, and every kept copy would outlive the call.
        var sessionId = string.Equals(latest.SessionId, e.SessionId, StringComparison.Ordinal) ? latest.SessionId : e.SessionId;

        var typePlan = plan.For(e.Type);
        var type = Find(e.Type);
        if (type is null && (types.Length < MaxTrackedEventTypes || typePlan.Referenced))
        {
            type = new EventTypeLedger().Named(SharedNames.Share(e.Type));
            types = [.. types, type];
            StructureVersion++;
        }

        if (type is not null && type.Apply(e, sessionId, typePlan))
        {
            StructureVersion++;
        }

        TrackSession(ticks, sessionId, latest);
        TimeOrdered.Insert(ref activity, ref activityCount, new ActivityMark(ticks, sessionId), MaxActivityMarks, out _);
        if (openSessionStartTicks == NoOpenSession && activity[activityCount - 1].SessionId is null)
        {
            openSessionStartTicks = RunStart(Activity.Span, activityCount - 1);
        }

        Prune(newestTicks - plan.Retention.Ticks);
        Version++;
    }

    /// <summary>
    /// The first mark of the run of id-less marks ending at <paramref name="last"/> whose gaps are shorter than the
    /// session timeout: where that session started (UTC ticks), as far as the kept marks tell.
    /// </summary>
    internal static long RunStart(ReadOnlySpan<ActivityMark> marks, int last)
    {
        var timeout = SegmentCatalog.SessionTimeout.Ticks;
        var first = last;
        while (first > 0 && marks[first - 1].SessionId is null && marks[first].UtcTicks - marks[first - 1].UtcTicks < timeout)
        {
            first--;
        }

        return marks[first].UtcTicks;
    }

    /// <summary>An event after all others continues or starts the open session; one in between makes it re-derived from the marks.</summary>
    private void TrackSession(long ticks, string? sessionId, ActivityMark latest)
    {
        if (activityCount > 0 && ticks < latest.UtcTicks)
        {
            openSessionStartTicks = NoOpenSession;
            return;
        }

        var continues = activityCount > 0 && latest.SessionId is null && sessionId is null
            && ticks - latest.UtcTicks < SegmentCatalog.SessionTimeout.Ticks;
        if (!continues)
        {
            openSessionStartTicks = sessionId is null ? ticks : NoOpenSession;
        }
    }

    private void Prune(long cutoffTicks)
    {
        TimeOrdered.RemoveOldest(activity, ref activityCount, TimeOrdered.CountBefore(Activity.Span, cutoffTicks));
        foreach (var type in types)
        {
            type.Prune(cutoffTicks);
        }
    }

    /// <summary>The type ledgers as a dictionary by name, for storage and callers outside the engine.</summary>
    private sealed class TypeLedgers(BehaviourLedger ledger) : IReadOnlyDictionary<string, EventTypeLedger>
    {
        public int Count => ledger.types.Length;

        public IEnumerable<string> Keys => ledger.types.Select(type => type.Type);

        public IEnumerable<EventTypeLedger> Values => Array.AsReadOnly(ledger.types);

        public EventTypeLedger this[string key] => ledger.Find(key) ?? throw new KeyNotFoundException(key);

        public bool ContainsKey(string key) => ledger.Find(key) is not null;

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out EventTypeLedger value)
        {
            value = ledger.Find(key);
            return value is not null;
        }

        public IEnumerator<KeyValuePair<string, EventTypeLedger>> GetEnumerator()
        {
            foreach (var type in ledger.types)
            {
                yield return new KeyValuePair<string, EventTypeLedger>(type.Type, type);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>
/// One event type's lifetime counters (exact, never pruned), recent raw events and rule-derived aggregates. Zero and
/// absent numbers are left out of the stored JSON: a stored row is kept whole in memory by the in-memory provider.
/// </summary>
/// <remarks>
/// Every customer has one per event type, so the fields are kept small: instants as UTC ticks, absent numbers as NaN
/// (event values are finite), retained events in an array that grows 1, 2, 4, ... up to the limit. The public
/// properties present them as nullable numbers and dates, which is also how they are stored.
/// </remarks>
public sealed class EventTypeLedger
{
    private RetainedEvent[] recent = [];
    private int recentCount;
    private double min = double.NaN;
    private double max = double.NaN;
    private double lastValue = double.NaN;
    private long firstAtTicks;
    private long lastAtTicks;

    /// <summary>Created at the type's first drop, which most types of most customers never reach.</summary>
    private DroppedEvents? dropped;

    // One customer's events of one type fit an int (they stop counting at int.MaxValue rather than wrap); two longs
    // would add 8 bytes to every type ledger of every customer.
    private int count;
    private int valuedCount;

    public long Count { get => count; set => count = Saturated(value); }

    /// <summary>Events that carried a value; the denominator of the average.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long ValuedCount { get => valuedCount; set => valuedCount = Saturated(value); }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double Sum { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double? Min
    {
        get => NullIfAbsent(min);
        set => min = value ?? double.NaN;
    }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double? Max
    {
        get => NullIfAbsent(max);
        set => max = value ?? double.NaN;
    }

    public DateTimeOffset FirstAt
    {
        get => new(firstAtTicks, TimeSpan.Zero);
        set => firstAtTicks = value.UtcTicks;
    }

    public DateTimeOffset LastAt
    {
        get => new(lastAtTicks, TimeSpan.Zero);
        set => lastAtTicks = value.UtcTicks;
    }

    /// <summary>Value of the event with the latest timestamp (null when that event had none).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double? LastValue
    {
        get => NullIfAbsent(lastValue);
        set => lastValue = value ?? double.NaN;
    }

    /// <summary>Most recent events, oldest first.</summary>
    public ReadOnlyMemory<RetainedEvent> Recent
    {
        get => recent.AsMemory(0, recentCount);
        set
        {
            recent = value.ToArray();
            recentCount = recent.Length;
        }
    }

    /// <summary>Lifetime aggregates over a property or a filter, keyed by <c>field|filter</c>; only those the catalog's rules read.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, LifetimeAggregate>? Derived { get; set; }

    /// <summary>
    /// The event type, this ledger's key in <see cref="BehaviourLedger.Types"/>: the process's shared instance, except in
    /// facts read from storage until <see cref="CustomerFacts.ShareNames"/>.
    /// </summary>
    internal string Type { get; private set; } = "";

    // The change counters below wrap around after 2^32 changes; cached tallies use only their equality and differences.

    /// <summary>Changes with every recorded or dropped event: each one appends, inserts or drops a retained event.</summary>
    internal int Version => Appends + Reshapes + Removals;

    /// <summary>Events added after every retained one; cached window tallies add just these.</summary>
    internal int Appends { get; private set; }

    /// <summary>Events inserted before a retained one (out of order); cached window tallies must rescan.</summary>
    internal int Reshapes { get; private set; }

    /// <summary>Retained events dropped by the cap or the retention, always the oldest.</summary>
    internal int Removals { get; private set; }

    private static int Saturated(long value) => (int)Math.Clamp(value, 0, int.MaxValue);

    /// <summary>Latest timestamp (UTC ticks) among dropped events; a cached tally whose window starts after it lost nothing.</summary>
    internal long DroppedThroughTicks => dropped?.ThroughTicks ?? long.MinValue;

    /// <summary>How many retained events the array has room for before it grows.</summary>
    internal int RetainedCapacity => recent.Length;

    /// <summary>The event dropped as number <paramref name="removal"/> (counting from 0), if still remembered.</summary>
    internal bool TryGetDropped(int removal, out RetainedEvent retained)
    {
        var age = Removals - removal;
        if (dropped is null || age <= 0 || age > DroppedEvents.Kept)
        {
            retained = default;
            return false;
        }

        retained = dropped[removal];
        return true;
    }

    internal EventTypeLedger Named(string type)
    {
        Type = type;
        return this;
    }

    /// <summary>
    /// Takes the process's shared instance of the type name, and keeps properties read from storage (which come as
    /// dictionaries) as recorded events keep theirs.
    /// </summary>
    internal void ShareNames()
    {
        Type = SharedNames.Share(Type);
        var events = recent.AsSpan(0, recentCount);
        for (var i = 0; i < events.Length; i++)
        {
            if (events[i].Properties is { } properties and not RetainedProperties)
            {
                events[i] = events[i] with { Properties = properties.Count == 0 ? null : RetainedProperties.Copy(properties) };
            }
        }
    }

    internal EventTypeSummary Summarize() =>
        new(Count, Sum, Min, Max, ValuedCount > 0 ? Sum / ValuedCount : null, FirstAt, LastAt, LastValue);

    /// <summary>Adds the event, retained under the given shared session id; true when the set of derived aggregates changed.</summary>
    internal bool Apply(BehaviourEvent e, string? sessionId, TypePlan plan)
    {
        var ticks = e.Timestamp.UtcTicks;
        double? value = e.Value is { } v && double.IsFinite(v) ? v : null;
        if (Count == 0 || ticks < firstAtTicks)
        {
            firstAtTicks = ticks;
        }

        if (Count == 0 || ticks >= lastAtTicks)
        {
            lastAtTicks = ticks;
            lastValue = value ?? double.NaN;
        }

        Count++;
        if (value is { } number)
        {
            ValuedCount++;
            Sum += number;
            min = double.IsNaN(min) || number < min ? number : min;
            max = double.IsNaN(max) || number > max ? number : max;
        }

        var restructured = MatchDerived(plan);
        foreach (var spec in plan.Derived)
        {
            Derived![spec.Key].Add(spec, ticks, value, e.Properties);
        }

        Retain(new RetainedEvent(ticks, value, sessionId, SelectProperties(e, plan)));
        return restructured;
    }

    /// <summary>
    /// Keeps exactly the aggregates the plan names. A new one starts from the retained events, so a rule added later
    /// sees the recent history that is still here.
    /// </summary>
    private bool MatchDerived(TypePlan plan)
    {
        var changed = false;
        if (Derived is { } existing)
        {
            foreach (var key in existing.Keys)
            {
                if (!plan.HasDerived(key))
                {
                    existing.Remove(key);
                    changed = true;
                }
            }
        }

        foreach (var spec in plan.Derived)
        {
            Derived ??= new Dictionary<string, LifetimeAggregate>(StringComparer.Ordinal);
            if (!Derived.ContainsKey(spec.Key))
            {
                var aggregate = new LifetimeAggregate();
                foreach (ref readonly var retained in Recent.Span)
                {
                    aggregate.Add(spec, retained.UtcTicks, retained.Value, retained.Properties);
                }

                Derived.Add(spec.Key, aggregate);
                changed = true;
            }
        }

        if (Derived is { Count: 0 })
        {
            Derived = null;
        }

        return changed;
    }

    private static RetainedProperties? SelectProperties(BehaviourEvent e, TypePlan plan) =>
        e.Properties is { Count: > 0 } all && plan.RetainedProperties.Length > 0 ? RetainedProperties.Select(plan.RetainedProperties, all) : null;

    private void Retain(in RetainedEvent retained)
    {
        var index = TimeOrdered.InsertionPoint(Recent.Span, retained.UtcTicks);
        if (index == recentCount)
        {
            Appends++;
        }
        else
        {
            Reshapes++;
        }

        if (TimeOrdered.Insert(ref recent, ref recentCount, index, retained, BehaviourLedger.MaxRetainedEventsPerType, out var evicted))
        {
            Remember(evicted);
        }
    }

    internal void Prune(long cutoffTicks)
    {
        var stale = TimeOrdered.CountBefore(Recent.Span, cutoffTicks);
        for (var i = 0; i < stale; i++)
        {
            Remember(recent[i]);
        }

        TimeOrdered.RemoveOldest(recent, ref recentCount, stale);
    }

    /// <summary>Counts a dropped event and keeps it among the recently dropped.</summary>
    private void Remember(in RetainedEvent gone)
    {
        dropped ??= new DroppedEvents();
        dropped.Add(Removals++, gone);
    }

    private static double? NullIfAbsent(double number) => double.IsNaN(number) ? null : number;
}

/// <summary>
/// The most recently dropped retained events of a type, by removal number, so that cached window counts can take them
/// out instead of rescanning.
/// </summary>
/// <remarks>
/// A type has these from its first drop. At its retained limit every new event drops one, so a call that brings more
/// events of the type than are kept here rescans its windows: with 16, importers' batches of 20 events per visitor
/// rescanned 256 events per windowed rule on every call, a quarter of the host's time. 64 cost 2 KB per such type, and
/// the retention's drops make most types of a long-lived customer such a type; a ring that started with 4 and widened
/// on a miss to what the miss needed measured 183,000-189,000 grouped events/s against 213,000-236,000 with 64, so the
/// size stays until a narrower ring that keeps that rate is found.
/// </remarks>
internal sealed class DroppedEvents
{
    public const int Kept = 64;

    private readonly RetainedEvent[] ring = new RetainedEvent[Kept];

    /// <summary>Latest timestamp (UTC ticks) among all dropped events.</summary>
    public long ThroughTicks { get; private set; } = long.MinValue;

    /// <summary>
    /// The event dropped as number <paramref name="removal"/>, if it is among the last <see cref="Kept"/>. Removal numbers
    /// wrap around; as unsigned numbers modulo a power of two they still pick the right slot.
    /// </summary>
    public RetainedEvent this[int removal] => ring[(uint)removal % Kept];

    public void Add(int removal, in RetainedEvent gone)
    {
        ring[(uint)removal % Kept] = gone;
        ThroughTicks = Math.Max(ThroughTicks, gone.UtcTicks);
    }
}

/// <summary>Something kept in time order: a retained event or an activity mark.</summary>
internal interface ITimestamped
{
    long UtcTicks { get; }
}

/// <summary>
/// Arrays of entries in time order, oldest first, with a count of those in use: the retained events of a type and the
/// activity marks. They grow 1, 2, 4, ... and never past their limit, where the oldest entry makes room.
/// </summary>
internal static class TimeOrdered
{
    /// <summary>
    /// Inserts <paramref name="entry"/> after the entries not later than it; entries mostly arrive in order, so the place
    /// is searched from the end. At the limit the oldest entry goes, which may be the new one. True when one went.
    /// </summary>
    public static bool Insert<T>(ref T[] entries, ref int count, in T entry, int limit, out T evicted)
        where T : struct, ITimestamped =>
        Insert(ref entries, ref count, InsertionPoint(entries.AsSpan(0, count), entry.UtcTicks), entry, limit, out evicted);

    /// <summary>Inserts <paramref name="entry"/> at <paramref name="index"/>, which must keep the entries in time order.</summary>
    public static bool Insert<T>(ref T[] entries, ref int count, int index, in T entry, int limit, out T evicted)
        where T : struct, ITimestamped
    {
        var full = count >= limit;
        if (full)
        {
            if (index == 0)
            {
                evicted = entry;
                return true;
            }

            evicted = entries[0];
            RemoveOldest(entries, ref count, 1);
            index--;
        }
        else
        {
            evicted = default;
        }

        if (count == entries.Length)
        {
            var grown = new T[Math.Min(limit, Math.Max(1, count * 2))];
            entries.AsSpan(0, index).CopyTo(grown);
            entries.AsSpan(index, count - index).CopyTo(grown.AsSpan(index + 1));
            entries = grown;
        }
        else
        {
            entries.AsSpan(index, count - index).CopyTo(entries.AsSpan(index + 1));
        }

        entries[index] = entry;
        count++;
        return full;
    }

    /// <summary>Where an entry at <paramref name="ticks"/> goes: after every entry not later than it.</summary>
    public static int InsertionPoint<T>(ReadOnlySpan<T> entries, long ticks)
        where T : struct, ITimestamped
    {
        var index = entries.Length;
        while (index > 0 && entries[index - 1].UtcTicks > ticks)
        {
            index--;
        }

        return index;
    }

    /// <summary>How many of the oldest entries are before <paramref name="cutoffTicks"/>.</summary>
    public static int CountBefore<T>(ReadOnlySpan<T> entries, long cutoffTicks)
        where T : struct, ITimestamped
    {
        var stale = 0;
        while (stale < entries.Length && entries[stale].UtcTicks < cutoffTicks)
        {
            stale++;
        }

        return stale;
    }

    /// <summary>Removes the oldest <paramref name="removed"/> entries; freed slots are cleared so that they hold no strings.</summary>
    public static void RemoveOldest<T>(T[] entries, ref int count, int removed)
    {
        if (removed == 0)
        {
            return;
        }

        entries.AsSpan(removed, count - removed).CopyTo(entries);
        entries.AsSpan(count - removed, removed).Clear();
        count -= removed;
    }
}

/// <summary>A retained raw event, with only the properties some rule of the catalog reads.</summary>
[JsonConverter(typeof(RetainedEventJsonConverter))]
public readonly struct RetainedEvent : ITimestamped
{
    // NaN stands for no value (event values are finite): a double? would take 16 bytes instead of 8.
    private readonly double value;

    public RetainedEvent(long utcTicks, double? value, string? sessionId, IReadOnlyDictionary<string, RuleValue>? properties)
    {
        UtcTicks = utcTicks;
        this.value = value ?? double.NaN;
        SessionId = sessionId;
        Properties = properties;
    }

    /// <summary>The event's instant.</summary>
    public long UtcTicks { get; }

    /// <summary>The event's instant, in UTC: the offset it arrived with is not kept.</summary>
    public DateTimeOffset Timestamp => new(UtcTicks, TimeSpan.Zero);

    public double? Value => double.IsNaN(value) ? null : value;

    public string? SessionId { get; }

    public IReadOnlyDictionary<string, RuleValue>? Properties { get; init; }
}

[JsonConverter(typeof(ActivityMarkJsonConverter))]
public readonly struct ActivityMark(long utcTicks, string? sessionId) : ITimestamped
{
    /// <summary>The event's instant.</summary>
    public long UtcTicks { get; } = utcTicks;

    /// <summary>The event's instant, in UTC: the offset it arrived with is not kept.</summary>
    public DateTimeOffset Timestamp => new(UtcTicks, TimeSpan.Zero);

    public string? SessionId { get; } = sessionId;
}

/// <summary>Lifetime aggregate of one field over the events of a type that pass one filter.</summary>
public sealed class LifetimeAggregate
{
    /// <summary>Events that passed the filter.</summary>
    public long Count { get; set; }

    /// <summary>Passing events whose field was a number.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long NumericCount { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double Sum { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double? Min { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double? Max { get; set; }

    public DateTimeOffset? LastAt { get; set; }

    /// <summary>The field of the passing event with the latest timestamp.</summary>
    public RuleValue LastValue { get; set; }

    /// <summary>Distinct non-null field values, at most <see cref="BehaviourLedger.MaxDistinctValues"/>; kept only when a rule counts them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HashSet<RuleValue>? DistinctValues { get; set; }

    internal void Add(DerivedSpec spec, long utcTicks, double? value, IReadOnlyDictionary<string, RuleValue>? properties)
    {
        if (!Filters.Passes(spec.Filter, value, properties))
        {
            return;
        }

        var field = Filters.ReadField(spec.Field, value, properties);
        Count++;
        if (field.Kind == RuleValueKind.Number)
        {
            var number = field.AsNumber;
            NumericCount++;
            Sum += number;
            Min = Min is { } min && min <= number ? min : number;
            Max = Max is { } max && max >= number ? max : number;
        }

        if (LastAt is null || utcTicks >= LastAt.Value.UtcTicks)
        {
            LastAt = new DateTimeOffset(utcTicks, TimeSpan.Zero);
            LastValue = field;
        }

        if (spec.KeepsDistinct && !field.IsNull)
        {
            DistinctValues ??= [];
            if (DistinctValues.Count < BehaviourLedger.MaxDistinctValues)
            {
                DistinctValues.Add(field);
            }
        }
    }
}
