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

    /// <summary>The <see cref="LifetimeAggregate"/> this lifetime feature reads; null when the type's own counters suffice or the window is not lifetime.</summary>
    public string? DerivedKey { get; }

    public bool TimeDependent { get; }

    /// <summary>Session boundaries depend on events of every type, not only this feature's.</summary>
    public bool DependsOnAllEvents => Window.Kind == RuleWindowKind.Session;

    public RuleValue Compute(ref Evaluation e, EventTypeLedger? type, LifetimeAggregate? aggregate, out long validUntil)
    {
        validUntil = long.MaxValue;
        if (type is null)
        {
            return Empty();
        }

        switch (Window.Kind)
        {
            case RuleWindowKind.Duration:
                return ScanWindow(ref e, type.Recent, out validUntil);
            case RuleWindowKind.Session:
                return ScanSession(ref e, type.Recent, out validUntil);
        }

        if (DerivedKey is null)
        {
            return FromCounters(type, e.NowTicks, out validUntil);
        }

        if (aggregate is not null)
        {
            return FromAggregate(aggregate, e.NowTicks, out validUntil);
        }

        // The catalog changed and no event of this type has arrived since, so its aggregate does not exist yet;
        // the retained events give the same answer the aggregate will start from.
        var tally = new Tally(e.Cache!.DistinctScratch);
        foreach (var retained in type.Recent)
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

    private RuleValue FromAggregate(LifetimeAggregate aggregate, long nowTicks, out long validUntil)
    {
        validUntil = long.MaxValue;
        return Function switch
        {
            BehaviourFunction.Count => RuleValue.FromNumber(aggregate.Count),
            BehaviourFunction.Sum => RuleValue.NumberOrNull(aggregate.Sum),
            BehaviourFunction.Avg => aggregate.NumericCount > 0 ? RuleValue.NumberOrNull(aggregate.Sum / aggregate.NumericCount) : RuleValue.Null,
            BehaviourFunction.Min => Number(aggregate.Min),
            BehaviourFunction.Max => Number(aggregate.Max),
            BehaviourFunction.Last => aggregate.LastValue,
            BehaviourFunction.Distinct => RuleValue.FromNumber(aggregate.DistinctValues?.Count ?? 0),
            _ => aggregate.LastAt is { } last ? Recency(last.UtcTicks, nowTicks, out validUntil) : RuleValue.Null,
        };
    }

    /// <summary>Events in (now - window, now]; the value next changes when the oldest counted event leaves or a future-stamped one enters.</summary>
    private RuleValue ScanWindow(ref Evaluation e, List<RetainedEvent> events, out long validUntil)
    {
        var now = e.NowTicks;
        var length = Window.Length.Ticks;
        var from = now - length;
        var tally = new Tally(e.Cache!.DistinctScratch);
        var oldestCounted = long.MaxValue;
        var firstFuture = long.MaxValue;
        for (var i = FirstAfter(events, from); i < events.Count; i++)
        {
            var retained = events[i];
            var ticks = retained.Timestamp.UtcTicks;
            if (!Filters.Passes(Filter, retained.Value, retained.Properties))
            {
                continue;
            }

            if (ticks > now)
            {
                firstFuture = ticks;
                break;
            }

            oldestCounted = Math.Min(oldestCounted, ticks);
            Add(ref tally, retained);
        }

        var result = Result(tally, now, out _);
        validUntil = Time.Earliest(oldestCounted == long.MaxValue ? long.MaxValue : oldestCounted + length, firstFuture);
        return result;
    }

    private RuleValue ScanSession(ref Evaluation e, List<RetainedEvent> events, out long validUntil)
    {
        var session = e.Cache!.Session(ref e);
        validUntil = session.ValidUntil;
        if (!session.Active)
        {
            return Empty();
        }

        var tally = new Tally(e.Cache!.DistinctScratch);
        var start = session.Id is null ? FirstAfter(events, session.StartTicks - 1) : 0;
        for (var i = start; i < events.Count; i++)
        {
            var retained = events[i];
            if (retained.Timestamp.UtcTicks > e.NowTicks)
            {
                break;
            }

            if (string.Equals(retained.SessionId, session.Id, StringComparison.Ordinal) && Filters.Passes(Filter, retained.Value, retained.Properties))
            {
                Add(ref tally, retained);
            }
        }

        return Result(tally, e.NowTicks, out _);
    }

    private void Add(ref Tally tally, in RetainedEvent retained) =>
        tally.Add(Filters.ReadField(Field, retained.Value, retained.Properties), retained.Timestamp.UtcTicks, Function == BehaviourFunction.Distinct);

    private RuleValue Result(in Tally tally, long nowTicks, out long validUntil)
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
    private static int FirstAfter(List<RetainedEvent> events, long ticks)
    {
        var low = 0;
        var high = events.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (events[middle].Timestamp.UtcTicks <= ticks)
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

    /// <summary>Running aggregate over scanned events; distinct values are collected in a per-customer scratch buffer.</summary>
    private ref struct Tally(Span<RuleValue> seen)
    {
        private readonly Span<RuleValue> seen = seen;

        public long Count;
        public long Numeric;
        public double Sum;
        public double Min = double.MaxValue;
        public double Max = double.MinValue;
        public long LatestTicks = long.MinValue;
        public RuleValue Last;
        public int DistinctCount;

        public void Add(in RuleValue field, long ticks, bool distinct)
        {
            Count++;
            if (field.Kind == RuleValueKind.Number)
            {
                Numeric++;
                Sum += field.RawNumber;
                Min = Math.Min(Min, field.RawNumber);
                Max = Math.Max(Max, field.RawNumber);
            }

            if (ticks >= LatestTicks)
            {
                LatestTicks = ticks;
                Last = field;
            }

            if (distinct && !field.IsNull && seen[..DistinctCount].IndexOf(field) < 0 && DistinctCount < seen.Length)
            {
                seen[DistinctCount++] = field;
            }
        }
    }
}
