using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Personalization.Rules.Engine;

namespace Personalization.Rules.Facts;

/// <summary>
/// What a customer did, bounded in memory: lifetime counters for every event type (up to <see cref="MaxTrackedEventTypes"/>
/// types, plus any type a rule names), the most recent raw events of each type (at most <see cref="MaxRetainedEventsPerType"/>,
/// no older than the catalog's retention), and the derived counters the catalog's filtered or property rules need.
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

    /// <summary>Bumped when a type ledger or derived counters are added or removed, so cached references to them are rebound.</summary>
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
