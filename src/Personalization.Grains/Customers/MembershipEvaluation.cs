using System.Buffers;
using System.Collections.Immutable;
using Personalization.Rules;
using Personalization.Rules.Facts;

namespace Personalization.Customers;

/// <summary>
/// A customer's segment membership as its last evaluation left it, and the evaluation that brings it up to date: which
/// segments the customer is in, the answers the next evaluation starts from, and until when the answers hold.
/// </summary>
/// <remarks>
/// A struct held in the customer grain's own fields, so that an active customer carries no second object for it: the
/// grain calls it on its field and never copies it.
/// </remarks>
internal struct MembershipEvaluation
{
    // Answers above this many segments are rented from the shared pool instead of taken from the stack.
    private const int MaxAnswersOnStack = 4096;

    // Above this many pairs, Missing builds a hash set instead of comparing every pair.
    private const int MaxPairsCompared = 1024;

    // The previous evaluation's answers, which the evaluation after an event starts from.
    private SegmentMatchBits matches;

    public MembershipEvaluation(ImmutableArray<string> segments) => Segments = segments;

    /// <summary>The catalog the current answers are for; the empty catalog before the first evaluation.</summary>
    public SegmentCatalog Catalog { readonly get; private set; } = SegmentCatalog.Empty;

    /// <summary>The ids of the segments the customer is in, in catalog order.</summary>
    public ImmutableArray<string> Segments { readonly get; private set; }

    /// <summary>
    /// When (UTC ticks) a window edge or a recency threshold can next change a rule's value with no new event;
    /// <see cref="long.MaxValue"/> when none can.
    /// </summary>
    public long NextChangeTicks { readonly get; private set; } = long.MaxValue;

    /// <summary>The membership of a customer that left every segment (erasure).</summary>
    public void Clear() => Segments = [];

    /// <summary>Whether the catalog changed or a window slid since the last evaluation, so its answers may be wrong.</summary>
    public readonly bool IsStale(SegmentCatalog current, long nowTicks) => !ReferenceEquals(Catalog, current) || nowTicks >= NextChangeTicks;

    /// <summary>Evaluates every segment of <paramref name="current"/>; when membership changed, what changed, else null.</summary>
    /// <param name="recordedEventType">
    /// The type of the one event recorded since the last evaluation, with the profile unchanged: only segments that
    /// read it, or whose time-dependent answer expired, need evaluating again.
    /// </param>
    public SegmentChange? Evaluate(SegmentCatalog current, CustomerFacts facts, DateTimeOffset now, string? recordedEventType)
    {
        var count = current.SegmentIds.Count;
        var rented = count > MaxAnswersOnStack ? ArrayPool<bool>.Shared.Rent(count) : null;
        var answers = rented is null ? stackalloc bool[count] : rented.AsSpan(0, count);
        try
        {
            return Evaluate(current, facts, now, recordedEventType, answers);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<bool>.Shared.Return(rented);
            }
        }
    }

    private SegmentChange? Evaluate(SegmentCatalog current, CustomerFacts facts, DateTimeOffset now, string? recordedEventType, Span<bool> answers)
    {
        DateTimeOffset? validUntil;
        if (ReferenceEquals(Catalog, current) && recordedEventType is not null)
        {
            matches.CopyTo(answers);
            validUntil = current.EvaluateAfterEvent(facts, now, recordedEventType, answers);
        }
        else
        {
            // The skipping above relies on the previous answers being this catalog's, so a new catalog starts whole.
            Catalog = current;
            if (matches.Count != answers.Length)
            {
                matches = SegmentMatchBits.For(answers.Length);
            }

            validUntil = current.Evaluate(facts, now, answers);
        }

        matches.CopyFrom(answers);

        // The answers' validity is known from the evaluation itself; asking NextChangeAt would walk the rules again.
        NextChangeTicks = validUntil?.UtcTicks ?? long.MaxValue;
        if (AnswersEqualSegments(answers))
        {
            return null;
        }

        var ids = current.SegmentIds;
        var builder = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < answers.Length; i++)
        {
            if (answers[i])
            {
                builder.Add(ids[i]);
            }
        }

        var before = Segments;
        Segments = builder.ToImmutable();
        return new SegmentChange(Segments, Missing(Segments, from: before), Missing(before, from: Segments));
    }

    // Membership rarely changes, so compare in place before building a new array.
    private readonly bool AnswersEqualSegments(ReadOnlySpan<bool> answers)
    {
        var ids = Catalog.SegmentIds;
        var position = 0;
        for (var i = 0; i < answers.Length; i++)
        {
            if (!answers[i])
            {
                continue;
            }

            if (position >= Segments.Length || !string.Equals(Segments[position], ids[i], StringComparison.Ordinal))
            {
                return false;
            }

            position++;
        }

        return position == Segments.Length;
    }

    /// <summary>
    /// The ids of <paramref name="ids"/> that <paramref name="from"/> lacks. A customer is in a dozen segments or so,
    /// where comparing every pair costs less than the hash set Enumerable.Except builds; members of hundreds get the set.
    /// </summary>
    private static ImmutableArray<string> Missing(ImmutableArray<string> ids, ImmutableArray<string> from)
    {
        if (ids.Length * from.Length > MaxPairsCompared)
        {
            return [.. ids.Except(from, StringComparer.Ordinal)];
        }

        ImmutableArray<string>.Builder? missing = null;
        foreach (var id in ids)
        {
            if (!Contains(from, id))
            {
                (missing ??= ImmutableArray.CreateBuilder<string>()).Add(id);
            }
        }

        return missing is null ? [] : missing.DrainToImmutable();
    }

    private static bool Contains(ImmutableArray<string> ids, string id)
    {
        foreach (var candidate in ids)
        {
            if (string.Equals(candidate, id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
