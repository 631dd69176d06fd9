using Personalization.Rules.Engine;

namespace Personalization.Rules.Facts;

/// <summary>
/// Joins two customers' facts into one, as if every event of both had been recorded by one customer: what identity
/// resolution does when an anonymous visitor turns out to be a known customer.
/// </summary>
/// <remarks>
/// Lifetime counters and derived counters add up; retained events and activity marks are interleaved by their own
/// timestamps and kept to the same limits and retention one customer's ledger keeps, so the newest events of both
/// survive; first and last seen are the earliest and the latest of both. The result is a new object with no evaluation
/// cache of its own, so the next evaluation computes every value from it.
/// </remarks>
public static class FactsMerge
{
    /// <summary>The facts of one customer holding both histories; neither argument is changed.</summary>
    /// <param name="catalog">The catalog whose rules decide the retention and the derived counters kept, as for <see cref="CustomerFacts.Record"/>.</param>
    public static CustomerFacts Merge(CustomerFacts known, CustomerFacts absorbed, SegmentCatalog catalog, ProfileConflict conflict = ProfileConflict.KnownWins)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(absorbed);
        ArgumentNullException.ThrowIfNull(catalog);
        var (winner, loser) = conflict == ProfileConflict.KnownWins ? (known.Profile, absorbed.Profile) : (absorbed.Profile, known.Profile);
        var merged = new CustomerFacts
        {
            FirstSeen = Earliest(known.FirstSeen, absorbed.FirstSeen),
            LastSeen = Latest(known.LastSeen, absorbed.LastSeen),
        };
        merged.ReplaceProfile(loser);
        merged.MergeProfile(winner);
        var newestTicks = merged.LastSeen?.UtcTicks ?? long.MinValue;
        merged.Behaviour = Merge(known.Behaviour, absorbed.Behaviour, catalog.Plan, newestTicks);
        merged.Purchases = MergePurchases(known, absorbed, catalog.Plan.Purchases);
        merged.ShareNames();
        return merged;
    }

    /// <summary>
    /// The union of both customers' purchase days when a forecast rule needs them, each side's taken from its ledger
    /// when it kept none; null when no rule needs them.
    /// </summary>
    private static PurchaseDays? MergePurchases(CustomerFacts known, CustomerFacts absorbed, PurchaseDaysPlan? plan)
    {
        if (plan is null)
        {
            return null;
        }

        var sides = new[] { known, absorbed }
            .Select(side => side.Purchases?.Copy() ?? PurchaseHistory.Start(side.Behaviour.Find(plan.EventType), plan.ValueField))
            .OfType<PurchaseDays>()
            .ToList();
        if (sides.Count == 0)
        {
            return null;
        }

        for (var i = 1; i < sides.Count; i++)
        {
            sides[0].Merge(sides[i]);
        }

        return sides[0];
    }

    private static BehaviourLedger Merge(BehaviourLedger known, BehaviourLedger absorbed, RecordingPlan plan, long newestTicks)
    {
        var cutoffTicks = newestTicks == long.MinValue ? long.MinValue : newestTicks - plan.Retention.Ticks;
        var types = new Dictionary<string, EventTypeLedger>(StringComparer.Ordinal);
        foreach (var (type, ledger) in known.Types)
        {
            types[type] = Merge(ledger, absorbed.Types.GetValueOrDefault(type), plan.For(type), cutoffTicks);
        }

        // The known customer's types come first; past the limit only types a rule names join, as in one customer's ledger.
        foreach (var (type, ledger) in absorbed.Types)
        {
            var typePlan = plan.For(type);
            if (!types.ContainsKey(type) && (types.Count < BehaviourLedger.MaxTrackedEventTypes || typePlan.Referenced))
            {
                types[type] = Merge(ledger, null, typePlan, cutoffTicks);
            }
        }

        var activity = Interleave(known.Activity.Span, absorbed.Activity.Span, BehaviourLedger.MaxActivityMarks, cutoffTicks);
        return new BehaviourLedger
        {
            Types = types,
            Activity = activity,
            OpenSessionStart = OpenSessionStart(activity, known, absorbed),
        };
    }

    /// <summary>
    /// The start of the id-less session the latest event belongs to. When its run of marks reaches back to the oldest
    /// mark kept, the session may have started earlier: each side's own open session start still counts then.
    /// </summary>
    private static DateTimeOffset? OpenSessionStart(ActivityMark[] activity, BehaviourLedger known, BehaviourLedger absorbed)
    {
        if (activity.Length == 0 || activity[^1].SessionId is not null)
        {
            return null;
        }

        var start = BehaviourLedger.RunStart(activity, activity.Length - 1);
        if (start == activity[0].UtcTicks)
        {
            foreach (var side in (ReadOnlySpan<BehaviourLedger>)[known, absorbed])
            {
                if (side.OpenSessionStart is { } open && side.Activity.Length > 0 && side.Activity.Span[^1].UtcTicks >= start)
                {
                    start = Math.Min(start, open.UtcTicks);
                }
            }
        }

        return new DateTimeOffset(start, TimeSpan.Zero);
    }

    private static EventTypeLedger Merge(EventTypeLedger first, EventTypeLedger? second, TypePlan plan, long cutoffTicks)
    {
        var recent = Interleave(first.Recent.Span, second is null ? [] : second.Recent.Span, BehaviourLedger.MaxRetainedEventsPerType, cutoffTicks);
        if (second is null || second.Count == 0)
        {
            return Copy(first, recent, plan);
        }

        if (first.Count == 0)
        {
            return Copy(second, recent, plan);
        }

        var later = second.LastAt > first.LastAt ? second : first;
        var merged = new EventTypeLedger
        {
            Count = first.Count + second.Count,
            ValuedCount = first.ValuedCount + second.ValuedCount,
            Sum = first.Sum + second.Sum,
            Min = Smaller(first.Min, second.Min),
            Max = Larger(first.Max, second.Max),
            FirstAt = first.FirstAt <= second.FirstAt ? first.FirstAt : second.FirstAt,
            LastAt = later.LastAt,
            LastValue = later.LastValue,
            Recent = recent,
        };
        merged.Derived = MergeDerived(plan, first, second);
        return merged;
    }

    private static EventTypeLedger Copy(EventTypeLedger source, RetainedEvent[] recent, TypePlan plan) => new()
    {
        Count = source.Count,
        ValuedCount = source.ValuedCount,
        Sum = source.Sum,
        Min = source.Min,
        Max = source.Max,
        FirstAt = source.FirstAt,
        LastAt = source.LastAt,
        LastValue = source.LastValue,
        Recent = recent,
        Derived = MergeDerived(plan, source, null),
    };

    /// <summary>
    /// Exactly the derived counters the plan names. A side that lacks one (it recorded under a catalog without that rule) adds
    /// what its retained events give, as a ledger does when a rule is added later.
    /// </summary>
    private static Dictionary<string, DerivedCounters>? MergeDerived(TypePlan plan, EventTypeLedger first, EventTypeLedger? second)
    {
        if (plan.Derived.Length == 0)
        {
            return null;
        }

        var merged = new Dictionary<string, DerivedCounters>(StringComparer.Ordinal);
        foreach (var spec in plan.Derived)
        {
            var counters = new DerivedCounters();
            Add(counters, spec, first);
            if (second is not null)
            {
                Add(counters, spec, second);
            }

            merged.Add(spec.Key, counters);
        }

        return merged;
    }

    private static void Add(DerivedCounters into, DerivedSpec spec, EventTypeLedger side)
    {
        if (side.Derived?.GetValueOrDefault(spec.Key) is not { } kept)
        {
            foreach (ref readonly var retained in side.Recent.Span)
            {
                into.Add(spec, retained.UtcTicks, retained.Value, retained.Properties);
            }

            return;
        }

        into.Count += kept.Count;
        into.NumericCount += kept.NumericCount;
        into.Sum += kept.Sum;
        into.Min = Smaller(into.Min, kept.Min);
        into.Max = Larger(into.Max, kept.Max);
        if (kept.LastAt is { } lastAt && (into.LastAt is null || lastAt > into.LastAt.Value))
        {
            into.LastAt = lastAt;
            into.LastValue = kept.LastValue;
        }

        if (kept.DistinctValues is { } values)
        {
            into.DistinctValues ??= [];
            foreach (var value in values)
            {
                if (into.DistinctValues.Count >= BehaviourLedger.MaxDistinctValues)
                {
                    break;
                }

                into.DistinctValues.Add(value);
            }
        }
    }

    /// <summary>
    /// Both sequences in time order (the first side's entry first on equal instants), the newest <paramref name="limit"/>
    /// of them no older than <paramref name="cutoffTicks"/>.
    /// </summary>
    private static T[] Interleave<T>(ReadOnlySpan<T> first, ReadOnlySpan<T> second, int limit, long cutoffTicks)
        where T : struct, ITimestamped
    {
        var all = new T[first.Length + second.Length];
        int i = 0, j = 0, n = 0;
        while (i < first.Length || j < second.Length)
        {
            all[n++] = j == second.Length || (i < first.Length && first[i].UtcTicks <= second[j].UtcTicks) ? first[i++] : second[j++];
        }

        var skip = Math.Max(all.Length - limit, TimeOrdered.CountBefore<T>(all, cutoffTicks));
        return all[skip..];
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a <= b ? a : b;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a >= b ? a : b;

    private static double? Smaller(double? a, double? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static double? Larger(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
