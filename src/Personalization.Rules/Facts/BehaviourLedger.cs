using System.Runtime.InteropServices;
using System.Text.Json.Serialization;
using Personalization.Rules.Engine;

namespace Personalization.Rules;

/// <summary>
/// What a customer did, bounded in memory: lifetime counters for every event type (up to <see cref="MaxTrackedEventTypes"/>
/// types, plus any type a rule names), the most recent raw events of each type (at most <see cref="MaxRetainedEventsPerType"/>,
/// no older than the catalog's retention), and the aggregates the catalog's filtered or property rules need.
/// Public and mutable only so that System.Text.Json can persist it; change it through <see cref="CustomerFacts.Record"/>.
/// </summary>
public sealed class BehaviourLedger
{
    public const int MaxTrackedEventTypes = 100;

    public const int MaxRetainedEventsPerType = 256;

    /// <summary>Event instants kept for finding session boundaries across event types.</summary>
    public const int MaxActivityMarks = 512;

    public const int MaxDistinctValues = 256;

    private Dictionary<string, EventTypeLedger> types = new(StringComparer.Ordinal);
    private List<ActivityMark> activity = [];

    public Dictionary<string, EventTypeLedger> Types
    {
        get => types;
        set
        {
            types = value ?? new Dictionary<string, EventTypeLedger>(StringComparer.Ordinal);
            StructureVersion++;
        }
    }

    /// <summary>Instants and session ids of recent events of every type, oldest first.</summary>
    public List<ActivityMark> Activity
    {
        get => activity;
        set
        {
            activity = value ?? [];
            Version++;
        }
    }

    /// <summary>
    /// Start of the session without an id that the latest event belongs to; null when the latest event carries a session
    /// id. Tracked as events arrive, so a long session keeps its start after its first marks fall out of <see cref="Activity"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? OpenSessionStart { get; set; }

    /// <summary>Bumped on every recorded event; cached session-dependent values compare it.</summary>
    [JsonIgnore]
    internal long Version { get; private set; }

    /// <summary>Bumped when a type ledger or aggregate is added or removed, so cached references to them are rebound.</summary>
    [JsonIgnore]
    internal long StructureVersion { get; private set; }

    /// <summary>Replaces the type names read from storage by the process's shared instances.</summary>
    internal void ShareNames()
    {
        if (types.Keys.Any(name => !ReferenceEquals(name, SharedNames.Share(name))))
        {
            types = types.ToDictionary(pair => SharedNames.Share(pair.Key), pair => pair.Value, StringComparer.Ordinal);
        }

        foreach (var type in types.Values)
        {
            type.CompactRetainedProperties();
        }
    }

    internal void Record(BehaviourEvent e, RecordingPlan plan, long newestTicks)
    {
        var typePlan = plan.For(e.Type);
        if (!types.TryGetValue(e.Type, out var type) && (types.Count < MaxTrackedEventTypes || typePlan.Referenced))
        {
            type = new EventTypeLedger();
            types.Add(SharedNames.Share(e.Type), type);
            StructureVersion++;
        }

        if (type is not null && type.Apply(e, typePlan))
        {
            StructureVersion++;
        }

        TrackSession(e);
        InsertActivity(new ActivityMark { Timestamp = e.Timestamp, SessionId = e.SessionId });
        if (OpenSessionStart is null && activity[^1].SessionId is null)
        {
            OpenSessionStart = RunStart(activity, activity.Count - 1);
        }

        Prune(newestTicks - plan.Retention.Ticks);
        Version++;
    }

    /// <summary>
    /// The first mark of the run of id-less marks ending at <paramref name="last"/> whose gaps are shorter than the
    /// session timeout: where that session started, as far as the kept marks tell.
    /// </summary>
    internal static DateTimeOffset RunStart(List<ActivityMark> marks, int last)
    {
        var timeout = SegmentCatalog.SessionTimeout;
        var first = last;
        while (first > 0 && marks[first - 1].SessionId is null && marks[first].Timestamp - marks[first - 1].Timestamp < timeout)
        {
            first--;
        }

        return marks[first].Timestamp;
    }

    /// <summary>An event after all others continues or starts the open session; one in between makes it re-derived from the marks.</summary>
    private void TrackSession(BehaviourEvent e)
    {
        if (activity.Count > 0 && e.Timestamp < activity[^1].Timestamp)
        {
            OpenSessionStart = null;
            return;
        }

        var continues = activity.Count > 0 && activity[^1].SessionId is null && e.SessionId is null
            && e.Timestamp - activity[^1].Timestamp < SegmentCatalog.SessionTimeout;
        if (!continues)
        {
            OpenSessionStart = e.SessionId is null ? e.Timestamp : null;
        }
    }

    private void InsertActivity(ActivityMark mark)
    {
        var index = activity.Count;
        while (index > 0 && activity[index - 1].Timestamp > mark.Timestamp)
        {
            index--;
        }

        activity.Insert(index, mark);
        if (activity.Count > MaxActivityMarks)
        {
            activity.RemoveAt(0);
        }
    }

    private void Prune(long cutoffTicks)
    {
        var stale = 0;
        while (stale < activity.Count && activity[stale].Timestamp.UtcTicks < cutoffTicks)
        {
            stale++;
        }

        activity.RemoveRange(0, stale);
        foreach (var type in types.Values)
        {
            type.Prune(cutoffTicks);
        }
    }
}

/// <summary>
/// One event type's lifetime counters (exact, never pruned), recent raw events and rule-derived aggregates. Zero and
/// absent numbers are left out of the stored JSON: a stored row is kept whole in memory by the in-memory provider.
/// </summary>
public sealed class EventTypeLedger
{
    private List<RetainedEvent> recent = [];

    public long Count { get; set; }

    /// <summary>Events that carried a value; the denominator of the average.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long ValuedCount { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double Sum { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double? Min { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double? Max { get; set; }

    public DateTimeOffset FirstAt { get; set; }

    public DateTimeOffset LastAt { get; set; }

    /// <summary>Value of the event with the latest timestamp (null when that event had none).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double? LastValue { get; set; }

    /// <summary>Most recent events, oldest first.</summary>
    public List<RetainedEvent> Recent
    {
        get => recent;
        set => recent = value ?? [];
    }

    /// <summary>Lifetime aggregates over a property or a filter, keyed by <c>field|filter</c>; only those the catalog's rules read.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, LifetimeAggregate>? Derived { get; set; }

    [JsonIgnore]
    internal long Version { get; private set; }

    /// <summary>Events added after every retained one; cached window tallies add just these.</summary>
    [JsonIgnore]
    internal long Appends { get; private set; }

    /// <summary>Events inserted before a retained one (out of order); cached window tallies must rescan.</summary>
    [JsonIgnore]
    internal long Reshapes { get; private set; }

    /// <summary>Retained events dropped by the cap or the retention, always the oldest.</summary>
    [JsonIgnore]
    internal long Removals { get; private set; }

    /// <summary>Latest timestamp (UTC ticks) among dropped events; a cached tally whose window starts after it lost nothing.</summary>
    [JsonIgnore]
    internal long DroppedThroughTicks { get; private set; } = long.MinValue;

    /// <summary>The most recently dropped events, by <see cref="Removals"/> modulo the length, so cached counts can subtract them.</summary>
    private RetainedEvent[]? dropped;

    internal const int DroppedKept = 16;

    /// <summary>The event dropped as number <paramref name="removal"/> (counting from 0), if still remembered.</summary>
    internal bool TryGetDropped(long removal, out RetainedEvent retained)
    {
        if (dropped is null || removal < Removals - DroppedKept || removal >= Removals)
        {
            retained = default;
            return false;
        }

        retained = dropped[removal % DroppedKept];
        return true;
    }

    /// <summary>Properties read from storage come as dictionaries; they are kept as recorded events keep theirs.</summary>
    internal void CompactRetainedProperties()
    {
        var events = CollectionsMarshal.AsSpan(recent);
        for (var i = 0; i < events.Length; i++)
        {
            if (events[i].Properties is { } properties and not RetainedProperties)
            {
                events[i].Properties = properties.Count == 0 ? null : RetainedProperties.Copy(properties);
            }
        }
    }

    internal EventTypeSummary Summarize() =>
        new(Count, Sum, Min, Max, ValuedCount > 0 ? Sum / ValuedCount : null, FirstAt, LastAt, LastValue);

    /// <summary>Adds the event; true when the set of derived aggregates changed.</summary>
    internal bool Apply(BehaviourEvent e, TypePlan plan)
    {
        double? value = e.Value is { } v && double.IsFinite(v) ? v : null;
        if (Count == 0)
        {
            FirstAt = e.Timestamp;
            LastAt = e.Timestamp;
            LastValue = value;
        }
        else
        {
            if (e.Timestamp < FirstAt)
            {
                FirstAt = e.Timestamp;
            }

            if (e.Timestamp >= LastAt)
            {
                LastAt = e.Timestamp;
                LastValue = value;
            }
        }

        Count++;
        if (value is { } number)
        {
            ValuedCount++;
            Sum += number;
            Min = Min is { } min && min <= number ? min : number;
            Max = Max is { } max && max >= number ? max : number;
        }

        var restructured = MatchDerived(plan);
        foreach (var spec in plan.Derived)
        {
            Derived![spec.Key].Add(spec, e.Timestamp, value, e.Properties);
        }

        Retain(e, value, plan);
        Version++;
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
                foreach (var retained in recent)
                {
                    aggregate.Add(spec, retained.Timestamp, retained.Value, retained.Properties);
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

    private void Retain(BehaviourEvent e, double? value, TypePlan plan)
    {
        var properties = e.Properties is { Count: > 0 } all && plan.RetainedProperties.Length > 0
            ? RetainedProperties.Select(plan.RetainedProperties, all)
            : null;
        // A session's events repeat its id; each arrives as a fresh string, and every retained copy would outlive the call.
        var sessionId = recent.Count > 0 && recent[^1].SessionId is { } last && string.Equals(last, e.SessionId, StringComparison.Ordinal) ? last : e.SessionId;
        var retained = new RetainedEvent { Timestamp = e.Timestamp, Value = value, SessionId = sessionId, Properties = properties };

        // Events mostly arrive in order, so the insertion point is searched from the end.
        var index = recent.Count;
        while (index > 0 && recent[index - 1].Timestamp > e.Timestamp)
        {
            index--;
        }

        // At the limit the oldest goes first, so the list never grows past the limit (List would double it to 512).
        if (recent.Count == BehaviourLedger.MaxRetainedEventsPerType && index > 0)
        {
            Drop(1);
            index--;
        }

        if (index == recent.Count)
        {
            Appends++;
        }
        else
        {
            Reshapes++;
        }

        if (recent.Count == recent.Capacity && recent.Count < 4)
        {
            // Most customers have a few events of a type; List's first growth would reserve four slots for each.
            recent.Capacity = Math.Max(1, recent.Count * 2);
        }

        recent.Insert(index, retained);
        if (recent.Count > BehaviourLedger.MaxRetainedEventsPerType)
        {
            Drop(1);
        }
    }

    private void Drop(int count)
    {
        DroppedThroughTicks = Math.Max(DroppedThroughTicks, recent[count - 1].Timestamp.UtcTicks);
        dropped ??= new RetainedEvent[DroppedKept];
        for (var i = Math.Max(0, count - DroppedKept); i < count; i++)
        {
            dropped[(Removals + i) % DroppedKept] = recent[i];
        }

        Removals += count;
        recent.RemoveRange(0, count);
    }

    internal void Prune(long cutoffTicks)
    {
        var stale = 0;
        while (stale < recent.Count && recent[stale].Timestamp.UtcTicks < cutoffTicks)
        {
            stale++;
        }

        if (stale > 0)
        {
            Drop(stale);
            Version++;
        }
    }
}

/// <summary>A retained raw event, with only the properties some rule of the catalog reads.</summary>
[JsonConverter(typeof(RetainedEventJsonConverter))]
public struct RetainedEvent
{
    public DateTimeOffset Timestamp { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double? Value { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SessionId { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, RuleValue>? Properties { get; set; }
}

[JsonConverter(typeof(ActivityMarkJsonConverter))]
public struct ActivityMark
{
    public DateTimeOffset Timestamp { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SessionId { get; set; }
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

    internal void Add(DerivedSpec spec, DateTimeOffset timestamp, double? value, IReadOnlyDictionary<string, RuleValue>? properties)
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

        if (LastAt is null || timestamp >= LastAt)
        {
            LastAt = timestamp;
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
