using Personalization.Rules.Facts;

namespace Personalization.Rules.Engine;

/// <summary>
/// Everything a compiled node reads while a customer is evaluated, passed by reference so nothing is allocated.
/// Inside a <c>where</c> filter only <see cref="EventValue"/> and <see cref="EventProperties"/> are read.
/// </summary>
internal ref struct Evaluation
{
    public Evaluation(CustomerFacts facts, FactsCache cache, long nowTicks, Span<bool> matches, Span<long> segmentNextChange)
    {
        Facts = facts;
        Cache = cache;
        NowTicks = nowTicks;
        Matches = matches;
        SegmentNextChange = segmentNextChange;
    }

    public CustomerFacts? Facts { get; }

    public FactsCache? Cache { get; }

    /// <summary>Evaluation time as UTC ticks.</summary>
    public long NowTicks { get; }

    /// <summary>Results of segments earlier in dependency order; what <c>in_segment</c> reads.</summary>
    public Span<bool> Matches { get; }

    /// <summary>Next change of segments earlier in dependency order, filled only by <see cref="SegmentCatalog.NextChangeAt"/>.</summary>
    public Span<long> SegmentNextChange { get; }

    /// <summary>
    /// Lowered by every time-dependent value the segment being evaluated reads: until then its answer cannot change
    /// without an event or a profile change. Short-circuited operands are not read and need not be: they cannot change
    /// the answer before the operands that decided it do.
    /// </summary>
    public long ValidUntil;

    public double? EventValue { get; private set; }

    public IReadOnlyDictionary<string, RuleValue>? EventProperties { get; private set; }

    public static Evaluation ForEvent(double? value, IReadOnlyDictionary<string, RuleValue>? properties) =>
        new() { EventValue = value, EventProperties = properties };
}
