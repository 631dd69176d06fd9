using Personalization.Rules.Engine;
using Personalization.Rules.Facts;
using Personalization.Rules.Forecasts;
using Personalization.Rules.Population;
using Personalization.Rules.Syntax;

namespace Personalization.Rules;

/// <summary>
/// A compiled, immutable set of segment rules, shared by every customer of a silo across threads. Rules are parsed and
/// compiled once; evaluating a customer walks pre-built condition objects against resolved slots and allocates nothing.
/// </summary>
public sealed class SegmentCatalog
{
    public const int MaxRuleLength = 10_000;

    public const int MaxNestingDepth = 64;

    public const int MaxSegments = 10_000;

    public const int MaxListItems = 1_000;

    /// <summary>The longest window a behavioural function may take (3,660 days, about ten years).</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(3_660);

    /// <summary>A session ends after this long without events (unless events carry a session id; see docs/rules.md).</summary>
    public static readonly TimeSpan SessionTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Raw events are kept at least this far behind the newest event, longer when a rule's window is longer.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(30);

    private readonly Condition[] roots;
    private readonly int[] evaluationOrder;
    private readonly int[] timeDependentOrder;
    private readonly AfterEvent afterOtherEvents;
    private readonly Dictionary<string, AfterEvent> afterEventByType;
    private readonly bool hasReferences;
    private readonly ValueNode[] populationArguments;
    private readonly PopulationThreshold[] populationThresholds;
    private readonly int[] populationReadWhole;
    private ResolvedPopulation? resolvedPopulation;

    private SegmentCatalog(
        long version,
        string[] segmentIds,
        Condition[] roots,
        int[] evaluationOrder,
        RuleDependencies[] dependencies,
        RuleCompiler compiler,
        bool hasReferences,
        PurchaseForecastModel forecasts)
    {
        Version = version;
        Forecasts = forecasts;
        SegmentIds = segmentIds;
        this.roots = roots;
        this.evaluationOrder = evaluationOrder;
        this.hasReferences = hasReferences;
        AttributeCount = compiler.AttributeCount;
        EventTypes = compiler.EventTypes;
        Features = compiler.Features;
        Plan = compiler.BuildPlan();
        PopulationExpressions = compiler.PopulationExpressions;
        populationArguments = compiler.PopulationArguments;
        populationThresholds = compiler.PopulationThresholds;
        populationReadWhole = compiler.PopulationReadWhole;
        timeDependentOrder = [.. evaluationOrder.Where(i => roots[i].TimeDependent)];
        Caches = new FactsCachePool(this, FactsCachePool.CapacityFor(Features.Length, AttributeCount, segmentIds.Length));
        afterOtherEvents = AfterEvent.For(evaluationOrder, dependencies, i => dependencies[i].AnyEvent);
        afterEventByType = new Dictionary<string, AfterEvent>(StringComparer.Ordinal);
        for (var type = 0; type < EventTypes.Length; type++)
        {
            var slot = type;
            afterEventByType[EventTypes[type]] = AfterEvent.For(evaluationOrder, dependencies, i => dependencies[i].AnyEvent || dependencies[i].EventTypes.Contains(slot));
        }
    }

    public static SegmentCatalog Empty { get; } = Compile(0, []);

    public long Version { get; }

    /// <summary>The purchase models and settings the forecast functions evaluate with (see docs/forecasts.md).</summary>
    public PurchaseForecastModel Forecasts { get; }

    /// <summary>Segment ids in the order the rules were given; index i corresponds to <c>matches[i]</c>.</summary>
    public IReadOnlyList<string> SegmentIds { get; }

    /// <summary>
    /// The canonical text of every expression some rule ranks with <c>percentile(...)</c>; each needs a distribution over
    /// the population (<see cref="MeasurePopulation"/> gives a customer's values, <see cref="Population"/> the distributions).
    /// </summary>
    public IReadOnlyList<string> PopulationExpressions { get; }

    /// <summary>
    /// Where <c>percentile</c> reads the population's distributions; a silo gives all its catalogs the one it refreshes.
    /// A refresh changes answers without telling customers: re-evaluate those that <see cref="PopulationAnswersMoved"/> says may change.
    /// </summary>
    public PopulationRanks Population { get; set; } = new();

    internal int AttributeCount { get; }

    internal string[] EventTypes { get; }

    internal Feature[] Features { get; }

    internal RecordingPlan Plan { get; }

    /// <summary>The evaluation caches this catalog lends to customers; tests replace it with a smaller one.</summary>
    internal FactsCachePool Caches { get; set; }

    /// <exception cref="SegmentRuleException">A rule does not parse, references an unknown segment, is part of a reference cycle, or a limit is exceeded.</exception>
    /// <param name="forecasts">The fitted purchase models and which events are purchases; none fitted when null.</param>
    public static SegmentCatalog Compile(long version, IReadOnlyList<SegmentRule> rules, PurchaseForecastModel? forecasts = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Count > MaxSegments)
        {
            throw new SegmentRuleException(rules[MaxSegments].SegmentId, 1, 1, $"a catalog holds at most {MaxSegments} segments, not {rules.Count}");
        }

        var ids = new string[rules.Count];
        var indexById = new Dictionary<string, int>(StringComparer.Ordinal);
        var parsed = new ParsedRule[rules.Count];
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i] ?? throw new ArgumentException($"Rule {i} is null.", nameof(rules));
            if (string.IsNullOrEmpty(rule.SegmentId))
            {
                throw new SegmentRuleException(rule.SegmentId ?? "", 1, 1, $"rule {i} has no segment id");
            }

            if (!indexById.TryAdd(rule.SegmentId, i))
            {
                throw new SegmentRuleException(rule.SegmentId, 1, 1, $"segment '{rule.SegmentId}' is defined twice");
            }

            ids[i] = rule.SegmentId;
            try
            {
                parsed[i] = Parser.Parse(rule.Rule);
            }
            catch (RuleSyntaxException e)
            {
                throw new SegmentRuleException(rule.SegmentId, e.Line, e.Column, $"segment '{rule.SegmentId}': {e.Message}", e);
            }
        }

        var order = DependencyOrder(ids, parsed, indexById);
        var dependencies = new RuleDependencies[ids.Length];
        forecasts ??= PurchaseForecastModel.Unfitted;
        var compiler = new RuleCompiler(id => indexById.TryGetValue(id, out var index) ? (index, dependencies[index]) : null, forecasts);
        var roots = new Condition[ids.Length];
        foreach (var i in order)
        {
            (roots[i], dependencies[i]) = compiler.Compile(parsed[i].Expression);
        }

        return new SegmentCatalog(version, ids, roots, order, dependencies, compiler, parsed.Any(p => p.References.Count > 0), forecasts);
    }

    /// <summary>Parses and compiles one rule on its own; <c>in_segment</c> references are checked only by <see cref="Compile"/>.</summary>
    /// <exception cref="RuleSyntaxException">The rule is not valid.</exception>
    public static void Validate(string rule) => new RuleCompiler(null).Compile(Parser.Parse(rule).Expression);

    /// <summary>Evaluates every segment. <paramref name="matches"/> must have one slot per segment id.</summary>
    /// <returns>
    /// Until when these answers hold if no event arrives and the profile is unchanged (a window edge, a recency
    /// threshold, a session timeout, a birthday); null when time alone cannot change them. It may come before
    /// <see cref="NextChangeAt"/>: a value the rules read changes then, which need not change an answer.
    /// </returns>
    public DateTimeOffset? Evaluate(CustomerFacts facts, DateTimeOffset now, Span<bool> matches) => Run(facts, now, matches, null);

    /// <summary>
    /// Re-evaluates after one event of <paramref name="eventType"/> was recorded: the segments that read that type or
    /// read events of any type (sessions, days_since_first_seen), directly or through <c>in_segment</c>, and the
    /// time-dependent segments whose last answer has expired (a window edge, a day boundary, a birthday passed since).
    /// <paramref name="matches"/> must hold this catalog's previous results for the same customer, and the profile must
    /// be unchanged since; the skipped segments keep their results. After a profile change use <see cref="Evaluate"/>.
    /// </summary>
    /// <returns>Until when the answers hold with no new event or profile change, as <see cref="Evaluate"/> tells.</returns>
    public DateTimeOffset? EvaluateAfterEvent(CustomerFacts facts, DateTimeOffset now, string eventType, Span<bool> matches)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return Run(facts, now, matches, afterEventByType.GetValueOrDefault(eventType) ?? afterOtherEvents);
    }

    /// <summary>
    /// The earliest instant after <paramref name="now"/> at which some segment could change with no new event or profile
    /// change: a window edge passing an event, a recency threshold being crossed, a session timing out, a future-stamped
    /// event coming due, a birthday. Computed from the rules and the customer's data; null when nothing can change by itself.
    /// </summary>
    public DateTimeOffset? NextChangeAt(CustomerFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (timeDependentOrder.Length == 0)
        {
            return null;
        }

        var cache = Caches.Rent(facts.Behaviour, ref facts.CacheHints.For(this));
        try
        {
            cache.Begin(facts);
            var e = new Evaluation(facts, cache, now.UtcTicks, cache.Matches, cache.NextChanges);
            if (hasReferences)
            {
                foreach (var i in evaluationOrder)
                {
                    cache.Matches[i] = roots[i].Test(ref e);
                }
            }

            var earliest = long.MaxValue;
            foreach (var i in timeDependentOrder)
            {
                var next = roots[i].NextChange(ref e);
                cache.NextChanges[i] = next;
                earliest = Math.Min(earliest, next);
            }

            return After(earliest, now);
        }
        finally
        {
            FactsCachePool.Return(cache);
        }
    }

    /// <summary>
    /// Writes the customer's value of each of <see cref="PopulationExpressions"/> into <paramref name="values"/>, NaN where
    /// it is not a number: what a customer adds to the population's distributions.
    /// </summary>
    public void MeasurePopulation(CustomerFacts facts, DateTimeOffset now, Span<double> values)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (values.Length != populationArguments.Length)
        {
            throw new ArgumentException($"Expected one value slot per population expression ({populationArguments.Length}), got {values.Length}.", nameof(values));
        }

        if (values.Length == 0)
        {
            return;
        }

        var cache = Caches.Rent(facts.Behaviour, ref facts.CacheHints.For(this));
        try
        {
            cache.Begin(facts);
            var e = new Evaluation(facts, cache, now.UtcTicks, cache.Matches, default);
            for (var i = 0; i < values.Length; i++)
            {
                var value = populationArguments[i].Evaluate(ref e);
                values[i] = value.IsNumber ? value.RawNumber : double.NaN;
            }
        }
        finally
        {
            FactsCachePool.Return(cache);
        }
    }

    /// <summary>
    /// Whether some customer's answer may differ under <paramref name="after"/> from under <paramref name="before"/>: a cut
    /// point that a comparison of a percentile with a constant reads moved, or a percentile read any other way has a
    /// different distribution. False for a catalog without <c>percentile</c>.
    /// </summary>
    public bool PopulationAnswersMoved(PopulationSnapshot before, PopulationSnapshot after) => !PopulationChangeBetween(before, after).IsEmpty;

    /// <summary>Which customers, by their values of <see cref="PopulationExpressions"/>, may answer differently under <paramref name="after"/> than under <paramref name="before"/>.</summary>
    public PopulationChange PopulationChangeBetween(PopulationSnapshot before, PopulationSnapshot after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var bands = new List<(string, double, double)>();
        foreach (var slot in populationReadWhole)
        {
            var expression = PopulationExpressions[slot];
            if (!ReferenceEquals(before.Find(expression), after.Find(expression)))
            {
                bands.Add((expression, double.NegativeInfinity, double.PositiveInfinity));
            }
        }

        foreach (var threshold in populationThresholds)
        {
            var expression = PopulationExpressions[threshold.Expression];
            var was = before.Find(expression)?.CutPoint(threshold.Percentile, threshold.Strict);
            var now = after.Find(expression)?.CutPoint(threshold.Percentile, threshold.Strict);
            if (was == now)
            {
                continue;
            }

            // From or to no distribution, every percentile of the expression turns null or from null.
            bands.Add(was is { } a && now is { } b
                ? (expression, Math.Min(a, b), Math.Max(a, b))
                : (expression, double.NegativeInfinity, double.PositiveInfinity));
        }

        return bands.Count == 0 ? PopulationChange.None : new PopulationChange([.. bands]);
    }

    internal PopulationDistribution? PopulationDistribution(int slot)
    {
        var snapshot = Population.Current;
        var resolved = Volatile.Read(ref resolvedPopulation);
        if (resolved is null || !ReferenceEquals(resolved.Snapshot, snapshot))
        {
            resolved = new ResolvedPopulation(snapshot, [.. PopulationExpressions.Select(snapshot.Find)]);
            Volatile.Write(ref resolvedPopulation, resolved);
        }

        return resolved.BySlot[slot];
    }

    private static DateTimeOffset? After(long earliest, DateTimeOffset now) =>
        earliest == long.MaxValue ? null : new DateTimeOffset(Math.Max(earliest, now.UtcTicks + 1), TimeSpan.Zero);

    /// <param name="afterEvent">Null to evaluate every segment; otherwise the segments an event may change, of which those that do not read the event are skipped while their last answer is still valid.</param>
    private DateTimeOffset? Run(CustomerFacts facts, DateTimeOffset now, Span<bool> matches, AfterEvent? afterEvent)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (matches.Length != roots.Length)
        {
            throw new ArgumentException($"Expected one match slot per segment ({roots.Length}), got {matches.Length}.", nameof(matches));
        }

        var cache = Caches.Rent(facts.Behaviour, ref facts.CacheHints.For(this));
        try
        {
            // A cache that was not this customer's knows no segment's last validity, so nothing can be skipped.
            if (!cache.Begin(facts))
            {
                afterEvent = null;
            }

            var nowTicks = now.UtcTicks;
            var e = new Evaluation(facts, cache, nowTicks, matches, default);
            var validFrom = cache.SegmentValidFrom;
            var validUntil = cache.SegmentValidUntil;
            var readsEvent = afterEvent?.ReadsEvent;
            foreach (var i in afterEvent?.Order ?? evaluationOrder)
            {
                if (readsEvent is not null && !readsEvent[i] && nowTicks >= validFrom[i] && nowTicks < validUntil[i])
                {
                    continue;
                }

                e.ValidUntil = long.MaxValue;
                matches[i] = roots[i].Test(ref e);
                validFrom[i] = nowTicks;
                validUntil[i] = e.ValidUntil;
            }

            var earliest = long.MaxValue;
            foreach (var i in timeDependentOrder)
            {
                earliest = Math.Min(earliest, validUntil[i]);
            }

            return After(earliest, now);
        }
        finally
        {
            FactsCachePool.Return(cache);
        }
    }

    /// <summary>A snapshot's distributions by population slot, looked up once per snapshot rather than per evaluation.</summary>
    private sealed record ResolvedPopulation(PopulationSnapshot Snapshot, PopulationDistribution?[] BySlot);

    /// <summary>Which segments an event of one type may change: <see cref="Order"/> in dependency order, of which those <see cref="ReadsEvent"/> marks read the event.</summary>
    private sealed record AfterEvent(int[] Order, bool[] ReadsEvent)
    {
        public static AfterEvent For(int[] evaluationOrder, RuleDependencies[] dependencies, Func<int, bool> readsEvent)
        {
            var reads = new bool[dependencies.Length];
            var order = new List<int>();
            foreach (var i in evaluationOrder)
            {
                reads[i] = readsEvent(i);
                if (reads[i] || dependencies[i].Time)
                {
                    order.Add(i);
                }
            }

            return new AfterEvent([.. order], reads);
        }
    }

    /// <summary>Orders segments so that every segment comes after those it references; rejects unknown references and cycles.</summary>
    private static int[] DependencyOrder(string[] ids, ParsedRule[] parsed, Dictionary<string, int> indexById)
    {
        var references = new List<int>[ids.Length];
        var waitingOn = new int[ids.Length];
        var dependents = new List<int>[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            dependents[i] = [];
        }

        for (var i = 0; i < ids.Length; i++)
        {
            references[i] = [];
            foreach (var reference in parsed[i].References)
            {
                if (!indexById.TryGetValue(reference.SegmentId, out var target))
                {
                    throw new SegmentRuleException(ids[i], reference.Line, reference.Column,
                        $"segment '{ids[i]}': line {reference.Line}, column {reference.Column}: in_segment refers to unknown segment '{reference.SegmentId}'");
                }

                if (!references[i].Contains(target))
                {
                    references[i].Add(target);
                    dependents[target].Add(i);
                    waitingOn[i]++;
                }
            }
        }

        var order = new List<int>(ids.Length);
        var ready = new Queue<int>(Enumerable.Range(0, ids.Length).Where(i => waitingOn[i] == 0));
        while (ready.TryDequeue(out var next))
        {
            order.Add(next);
            foreach (var dependent in dependents[next])
            {
                if (--waitingOn[dependent] == 0)
                {
                    ready.Enqueue(dependent);
                }
            }
        }

        if (order.Count < ids.Length)
        {
            throw CycleError(ids, parsed, references, waitingOn);
        }

        return [.. order];
    }

    /// <summary>Every segment left waiting references another one left waiting, so following such references must loop.</summary>
    private static SegmentRuleException CycleError(string[] ids, ParsedRule[] parsed, List<int>[] references, int[] waitingOn)
    {
        var path = new List<int>();
        var seen = new Dictionary<int, int>();
        var current = Array.FindIndex(waitingOn, w => w > 0);
        while (!seen.ContainsKey(current))
        {
            seen[current] = path.Count;
            path.Add(current);
            current = references[current].First(r => waitingOn[r] > 0);
        }

        var cycle = path.Skip(seen[current]).Append(current).ToList();
        var start = cycle[0];
        var reference = parsed[start].References.First(r => r.SegmentId == ids[cycle[1]]);
        var names = string.Join(" -> ", cycle.Select(i => $"'{ids[i]}'"));
        return new SegmentRuleException(ids[start], reference.Line, reference.Column,
            $"segment '{ids[start]}': line {reference.Line}, column {reference.Column}: in_segment references form a cycle: {names}");
    }
}
