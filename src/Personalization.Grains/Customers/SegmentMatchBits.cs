namespace Personalization.Customers;

/// <summary>
/// A customer's answers for every segment of the catalog it last evaluated, one bit each. The rule engine reads
/// and writes answers as a span of bools, which at 100 segments is 128 bytes per active customer; packed they are
/// 16, and the span lives on the stack for the length of one evaluation.
/// </summary>
internal struct SegmentMatchBits
{
    private ulong[] words;

    public readonly int Count { get; private init; }

    public static SegmentMatchBits For(int segmentCount) =>
        new() { words = segmentCount == 0 ? [] : new ulong[(segmentCount + 63) / 64], Count = segmentCount };

    public readonly void CopyTo(Span<bool> answers)
    {
        for (var i = 0; i < Count; i++)
        {
            answers[i] = (words[i >> 6] & (1UL << i)) != 0;
        }
    }

    public readonly void CopyFrom(ReadOnlySpan<bool> answers)
    {
        if (Count == 0)
        {
            return;
        }

        Array.Clear(words);
        for (var i = 0; i < Count; i++)
        {
            if (answers[i])
            {
                words[i >> 6] |= 1UL << i;
            }
        }
    }
}
