using Personalization.Rules.Facts;
using Personalization.Rules.Syntax;

namespace Personalization.Rules.Engine;

/// <summary>
/// One distinct behavioural function of a catalog, e.g. <c>count(purchase, 30d)</c>, shared by every rule that uses it.
/// Lifetime values come from counters kept as events arrive; windowed and session values are computed from the
/// retained raw events and cached per customer until an event of the type arrives or a window edge passes.
/// </summary>
internal sealed class Feature
{
    public Feature(int slot, int typeSlot, BehaviourExpression syntax, Condition? filter, string? derivedKey)
    {
        Slot = slot;
        TypeSlot = typeSlot;
        Function = syntax.Function;
        Field = syntax.Field;
        Filter = filter;
        Window = syntax.Window;
        DerivedKey = derivedKey;
        TimeDependent = Window.Kind != RuleWindowKind.Lifetime || Function is BehaviourFunction.DaysSince or BehaviourFunction.MinutesSince;
    }

    public int Slot { get; }

    public int TypeSlot { get; }

    public BehaviourFunction Function { get; }

    public string? Field { get; }

    public Condition? Filter { get; }

    public RuleWindow Window { get; }

    /// <summary>The <see cref="DerivedCounters"/> this lifetime feature reads; null when the type's own counters suffice or the window is not lifetime.</summary>
    public string? DerivedKey { get; }

    public bool TimeDependent { get; }

    /// <summary>Session boundaries depend on events of every type, not only this feature's.</summary>
    public bool DependsOnAllEvents => Window.Kind == RuleWindowKind.Session;

    /// <summary>
    /// Computes the value at now. <paramref name="tally"/> holds this customer's previous window or session scan; when
    /// <paramref name="mayAdvance"/> says no window edge has passed since it, events appended after it are added to it
    /// instead of rescanning, unless an event arrived out of order or a counted event was dropped.
    /// </summary>
    public RuleValue Compute(ref Evaluation e, EventTypeLedger? type, DerivedCounters? derived, ref WindowTally tally, bool mayAdvance, out long validUntil)
    {
        validUntil = long.MaxValue;
        if (type is null)
        {
            return Empty();
        }

        switch (Window.Kind)
        {
            case RuleWindowKind.Duration:
                if (!(mayAdvance && TryAdvanceWindow(ref tally, type, e.NowTicks)))
                {
                    ScanWindow(ref e, type, ref tally);
                }

                validUntil = Time.Earliest(tally.OldestCounted == long.MaxValue ? long.MaxValue : tally.OldestCounted + Window.Length.Ticks, tally.FirstFuture);
                return Result(tally, e.NowTicks, out _);
            case RuleWindowKind.Session:
                var session = e.Cache!.Session(ref e);
                validUntil = session.ValidUntil;
                if (!session.Active)
                {
                    tally = new WindowTally { DistinctValues = tally.DistinctValues, DistinctCounts = tally.DistinctCounts };
                    return Empty();
                }

                if (!(mayAdvance && TryAdvanceSession(ref tally, type, session, e.NowTicks)))
                {
                    ScanSession(ref e, type, session, ref tally);
                }

                return Result(tally, e.NowTicks, out _);
        }

        if (DerivedKey is null)
        {
            return FromCounters(type, e.NowTicks, out validUntil);
        }

        if (derived is not null)
        {
            return FromDerived(derived, e.NowTicks, out validUntil);
        }

        // The catalog changed and no event of this type has arrived since, so its derived counters do not exist yet;
        // the retained events give the same answer the derived counters will start from.
        tally = WindowTally.Start(type, tally);
        foreach (ref readonly var retained in type.Recent.Span)
        {
            if (Filters.Passes(Filter, retained.Value, retained.Properties))
            {
                Add(ref tally, retained);
            }
        }

        return Result(tally, e.NowTicks, out validUntil);
    }

    private RuleValue Empty() => Function is BehaviourFunction.Count or BehaviourFunction.Sum or BehaviourFunction.Distinct
        ? RuleValue.FromNumber(0)
        : RuleValue.Null;

    private RuleValue FromCounters(EventTypeLedger type, long nowTicks, out long validUntil)
    {
        validUntil = long.MaxValue;
        return Function switch
        {
            BehaviourFunction.Count => RuleValue.FromNumber(type.Count),
            BehaviourFunction.Sum => RuleValue.NumberOrNull(type.Sum),
            BehaviourFunction.Avg => type.ValuedCount > 0 ? RuleValue.NumberOrNull(type.Sum / type.ValuedCount) : RuleValue.Null,
            BehaviourFunction.Min => Number(type.Min),
            BehaviourFunction.Max => Number(type.Max),
            BehaviourFunction.Last => Number(type.LastValue),
            _ => Recency(type.LastAt.UtcTicks, nowTicks, out validUntil),
        };
    }

    private RuleValue FromDerived(DerivedCounters derived, long nowTicks, out long validUntil)
    {
        validUntil = long.MaxValue;
        return Function switch
        {
            BehaviourFunction.Count => RuleValue.FromNumber(derived.Count),
            BehaviourFunction.Sum => RuleValue.NumberOrNull(derived.Sum),
            BehaviourFunction.Avg => derived.NumericCount > 0 ? RuleValue.NumberOrNull(derived.Sum / derived.NumericCount) : RuleValue.Null,
            BehaviourFunction.Min => Number(derived.Min),
            BehaviourFunction.Max => Number(derived.Max),
            BehaviourFunction.Last => derived.LastValue,
            BehaviourFunction.Distinct => RuleValue.FromNumber(derived.DistinctValues?.Count ?? 0),
            _ => derived.LastAt is { } last ? Recency(last.UtcTicks, nowTicks, out validUntil) : RuleValue.Null,
        };
    }

    /// <summary>Events in (now - window, now]; the value next changes when the oldest counted event leaves or a future-stamped one enters.</summary>
    private void ScanWindow(ref Evaluation e, EventTypeLedger type, ref WindowTally tally)
    {
        var now = e.NowTicks;
        var events = type.Recent.Span;
        tally = WindowTally.Start(type, tally);
        for (var i = FirstAfter(events, now - Window.Length.Ticks); i < events.Length; i++)
        {
            ref readonly var retained = ref events[i];
            if (!Filters.Passes(Filter, retained.Value, retained.Properties))
            {
                continue;
            }

            var ticks = retained.UtcTicks;
            if (ticks > now)
            {
                tally.FirstFuture = ticks;
                break;
            }

            tally.OldestCounted = Math.Min(tally.OldestCounted, ticks);
            Add(ref tally, retained);
        }
    }

    private bool TryAdvanceWindow(ref WindowTally tally, EventTypeLedger type, long now)
    {
        var from = now - Window.Length.Ticks;
        var events = type.Recent.Span;
        var added = type.Appends - tally.Appends;
        if (type.Reshapes != tally.Reshapes || added > events.Length)
        {
            return false;
        }

        if (type.Removals != tally.Removals && type.DroppedThroughTicks > from)
        {
            if (!TrySubtractDropped(ref tally, type, from, now, null))
            {
                return false;
            }

            tally.OldestCounted = OldestCounted(events, from, now);
        }

        for (var i = events.Length - added; i < events.Length; i++)
        {
            ref readonly var retained = ref events[i];
            if (!Filters.Passes(Filter, retained.Value, retained.Properties))
            {
                continue;
            }

            var ticks = retained.UtcTicks;
            if (ticks > now)
            {
                tally.FirstFuture = Math.Min(tally.FirstFuture, ticks);
            }
            else if (ticks > from)
            {
                tally.OldestCounted = Math.Min(tally.OldestCounted, ticks);
                Add(ref tally, retained);
            }
        }

        tally.Track(type);
        return true;
    }

    private void ScanSession(ref Evaluation e, EventTypeLedger type, SessionInfo session, ref WindowTally tally)
    {
        var events = type.Recent.Span;
        tally = WindowTally.Start(type, tally);
        tally.Session = session;
        for (var i = session.Id is null ? FirstAfter(events, session.StartTicks - 1) : 0; i < events.Length; i++)
        {
            ref readonly var retained = ref events[i];
            if (retained.UtcTicks > e.NowTicks)
            {
                break;
            }

            if (InSession(retained, session) && Filters.Passes(Filter, retained.Value, retained.Properties))
            {
                Add(ref tally, retained);
            }
        }
    }

    private bool TryAdvanceSession(ref WindowTally tally, EventTypeLedger type, SessionInfo session, long now)
    {
        var events = type.Recent.Span;
        var added = type.Appends - tally.Appends;
        if (!tally.Session.Active || tally.Session.Id != session.Id || tally.Session.StartTicks != session.StartTicks
            || type.Reshapes != tally.Reshapes || added > events.Length)
        {
            return false;
        }

        if (type.Removals != tally.Removals && (session.Id is not null || type.DroppedThroughTicks >= session.StartTicks)
            && !TrySubtractDropped(ref tally, type, long.MinValue, now, session))
        {
            return false;
        }

        for (var i = events.Length - added; i < events.Length; i++)
        {
            ref readonly var retained = ref events[i];
            if (retained.UtcTicks <= now && InSession(retained, session) && Filters.Passes(Filter, retained.Value, retained.Properties))
            {
                Add(ref tally, retained);
            }
        }

        tally.Track(type);
        tally.Session = session;
        return true;
    }

    /// <summary>
    /// Takes events dropped since the tally out of it: those in (from, now] and, for a session window, in
    /// <paramref name="session"/>. Only counts are adjusted this way: subtracting from a sum would leave rounding a
    /// rescan does not have, and an extreme or the latest value cannot be taken back; those rescan.
    /// </summary>
    private bool TrySubtractDropped(ref WindowTally tally, EventTypeLedger type, long from, long now, SessionInfo? session)
    {
        if (Function is not (BehaviourFunction.Count or BehaviourFunction.Distinct))
        {
            return false;
        }

        // Removal numbers wrap around, so the loop runs up to the ledger's, not below it.
        for (var removal = tally.Removals; removal != type.Removals; removal++)
        {
            if (!type.TryGetDropped(removal, out var dropped))
            {
                return false;
            }

            var ticks = dropped.UtcTicks;
            var inWindow = ticks > from && ticks <= now && (session is not { } current || InSession(dropped, current));
            if (inWindow && Filters.Passes(Filter, dropped.Value, dropped.Properties))
            {
                tally.Count--;
                if (Function == BehaviourFunction.Distinct)
                {
                    tally.RemoveDistinct(Filters.ReadField(Field, dropped.Value, dropped.Properties));
                }
            }
        }

        return true;
    }

    /// <summary>The oldest passing event in (from, now], which decides when the window's count next drops.</summary>
    private long OldestCounted(ReadOnlySpan<RetainedEvent> events, long from, long now)
    {
        for (var i = FirstAfter(events, from); i < events.Length && events[i].UtcTicks <= now; i++)
        {
            if (Filters.Passes(Filter, events[i].Value, events[i].Properties))
            {
                return events[i].UtcTicks;
            }
        }

        return long.MaxValue;
    }

    private static bool InSession(in RetainedEvent retained, SessionInfo session) =>
        string.Equals(retained.SessionId, session.Id, StringComparison.Ordinal) && (session.Id is not null || retained.UtcTicks >= session.StartTicks);

    private void Add(ref WindowTally tally, in RetainedEvent retained) =>
        tally.Add(Filters.ReadField(Field, retained.Value, retained.Properties), retained.UtcTicks, Function == BehaviourFunction.Distinct);

    private RuleValue Result(in WindowTally tally, long nowTicks, out long validUntil)
    {
        validUntil = long.MaxValue;
        return Function switch
        {
            BehaviourFunction.Count => RuleValue.FromNumber(tally.Count),
            BehaviourFunction.Sum => RuleValue.NumberOrNull(tally.Sum),
            BehaviourFunction.Avg => tally.Numeric > 0 ? RuleValue.NumberOrNull(tally.Sum / tally.Numeric) : RuleValue.Null,
            BehaviourFunction.Min => tally.Numeric > 0 ? RuleValue.NumberOrNull(tally.Min) : RuleValue.Null,
            BehaviourFunction.Max => tally.Numeric > 0 ? RuleValue.NumberOrNull(tally.Max) : RuleValue.Null,
            BehaviourFunction.Last => tally.Last,
            BehaviourFunction.Distinct => RuleValue.FromNumber(tally.DistinctCount),
            _ => tally.Count > 0 ? Recency(tally.LatestTicks, nowTicks, out validUntil) : RuleValue.Null,
        };
    }

    private RuleValue Recency(long lastTicks, long nowTicks, out long validUntil)
    {
        var unit = Function == BehaviourFunction.DaysSince ? TimeSpan.TicksPerDay : TimeSpan.TicksPerMinute;
        return RuleValue.FromNumber(Time.UnitsSince(lastTicks, nowTicks, unit, out validUntil));
    }

    private static RuleValue Number(double? value) => value is { } number ? RuleValue.NumberOrNull(number) : RuleValue.Null;

    /// <summary>Index of the first event whose timestamp is after <paramref name="ticks"/>.</summary>
    private static int FirstAfter(ReadOnlySpan<RetainedEvent> events, long ticks)
    {
        var low = 0;
        var high = events.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (events[middle].UtcTicks <= ticks)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
