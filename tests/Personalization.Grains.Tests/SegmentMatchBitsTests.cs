using Personalization.Customers;

namespace Personalization.Grains.Tests;

public sealed class SegmentMatchBitsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(128)]
    [InlineData(129)]
    [InlineData(1000)]
    public void Answers_read_back_as_they_were_stored_across_word_boundaries(int segments)
    {
        var bits = SegmentMatchBits.For(segments);
        var stored = Enumerable.Range(0, segments).Select(i => i % 3 == 0 || i == segments - 1).ToArray();

        bits.CopyFrom(stored);
        var read = new bool[segments];
        bits.CopyTo(read);

        Assert.Equal(stored, read);
    }

    [Fact]
    public void Storing_new_answers_clears_the_old_ones()
    {
        var bits = SegmentMatchBits.For(130);
        bits.CopyFrom(Enumerable.Repeat(true, 130).ToArray());

        var next = new bool[130];
        next[129] = true;
        bits.CopyFrom(next);
        var read = new bool[130];
        bits.CopyTo(read);

        Assert.Equal(next, read);
    }

    [Fact]
    public void An_empty_catalog_has_nothing_to_store()
    {
        var bits = SegmentMatchBits.For(0);

        bits.CopyFrom([]);
        bits.CopyTo([]);

        Assert.Equal(0, bits.Count);
    }
}
