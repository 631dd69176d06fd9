using System.Text.Json.Serialization;
using Personalization.Rules.Engine;

namespace Personalization.Rules.Facts;

/// <summary>
/// One event type's lifetime counters (exact, never pruned), recent raw events and derived counters. Zero and
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

    /// <summary>Derived counters over a property or a filter, keyed by <c>field|filter</c>; only those the catalog's rules read.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, DerivedCounters>? Derived { get; set; }

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

    internal EventCounters Counters() =>
        new(Count, Sum, ValuedCount > 0 ? Sum / ValuedCount : null, Min, Max, LastValue, FirstAt, LastAt);

    /// <summary>Adds the event, retained under the given shared session id; true when the set of derived counters changed.</summary>
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
    /// Keeps exactly the derived counters the plan names. A new one starts from the retained events, so a rule added later
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
            Derived ??= new Dictionary<string, DerivedCounters>(StringComparer.Ordinal);
            if (!Derived.ContainsKey(spec.Key))
            {
                var counters = new DerivedCounters();
                foreach (ref readonly var retained in Recent.Span)
                {
                    counters.Add(spec, retained.UtcTicks, retained.Value, retained.Properties);
                }

                Derived.Add(spec.Key, counters);
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
