namespace Personalization.Customers;

/// <summary>
/// A customer's answers for every segment of the catalog it last evaluated, one bit each. The rule engine reads
/// and writes answers as a span of bools, which at 100 segments is 128 bytes per active customer; packed they are
/// 16, and the span lives on the stack for the length of one evaluation.
/// </summary>
/// <remarks>
/// The first 128 answers are held in the struct itself, so a catalog of up to 128 segments costs the customer no
/// array (an array of two words is 40 bytes with its header); larger catalogs keep the rest in one.
/// </remarks>
internal struct SegmentMatchBits
{
    private const int InlineWords = 2;

    private ulong first;
    private ulong second;
    private ulong[]? rest;

    public readonly int Count { get; private init; }

    private readonly int WordCount => (Count + 63) >> 6;

    public static SegmentMatchBits For(int segmentCount) => new()
    {
        Count = segmentCount,
        rest = segmentCount > InlineWords * 64 ? new ulong[((segmentCount + 63) >> 6) - InlineWords] : null,
    };

    public readonly void CopyTo(Span<bool> answers)
    {
        for (var word = 0; word < WordCount; word++)
        {
            var bits = Word(word);
            var end = Math.Min(Count, (word + 1) << 6);
            for (var i = word << 6; i < end; i++)
            {
                answers[i] = (bits & (1UL << i)) != 0;
            }
        }
    }

    public void CopyFrom(ReadOnlySpan<bool> answers)
    {
        for (var word = 0; word < WordCount; word++)
        {
            var bits = 0UL;
            var end = Math.Min(Count, (word + 1) << 6);
            for (var i = word << 6; i < end; i++)
            {
                if (answers[i])
                {
                    bits |= 1UL << i;
                }
            }

            SetWord(word, bits);
        }
    }

    private readonly ulong Word(int index) => index switch
    {
        0 => first,
        1 => second,
        _ => rest![index - InlineWords],
    };

    private void SetWord(int index, ulong bits)
    {
        switch (index)
        {
            case 0:
                first = bits;
                break;
            case 1:
                second = bits;
                break;
            default:
                rest![index - InlineWords] = bits;
                break;
        }
    }
}
