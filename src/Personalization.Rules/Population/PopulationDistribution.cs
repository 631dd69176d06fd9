namespace Personalization.Rules.Population;

/// <summary>
/// A sketch's items in order, each distinct value with the estimated number of values strictly below it: what a percentile
/// rank is read from. Immutable, so one copy is shared by every customer of a silo.
/// </summary>
public sealed class PopulationDistribution
{
    public static readonly PopulationDistribution Empty = new([], [], 0);

    private readonly double[] values;
    private readonly long[] below;

    public PopulationDistribution(double[] values, long[] below, long count)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(below);
        if (values.Length != below.Length)
        {
            throw new ArgumentException("One count below per value.", nameof(below));
        }

        this.values = values;
        this.below = below;
        Count = count;
    }

    /// <summary>How many values the distribution stands for.</summary>
    public long Count { get; }

    public ReadOnlySpan<double> Values => values;

    public ReadOnlySpan<long> Below => below;

    /// <summary>The estimated number of values strictly smaller than <paramref name="value"/>.</summary>
    public long CountBelow(double value)
    {
        var index = Array.BinarySearch(values, value);
        if (index >= 0)
        {
            return below[index];
        }

        index = ~index;
        return index < values.Length ? below[index] : Count;
    }

    /// <summary>
    /// The percentile rank of <paramref name="value"/>, 0 to 100: 100 × (values strictly smaller) / count, so ties share the
    /// lowest rank. Null when the distribution is empty or the value is NaN.
    /// </summary>
    public double? PercentileRank(double value)
    {
        if (Count == 0 || double.IsNaN(value))
        {
            return null;
        }

        return 100.0 * CountBelow(value) / Count;
    }

    /// <summary>
    /// The value above which percentile ranks reach <paramref name="percentile"/>: a value has a rank of at least
    /// <paramref name="percentile"/> exactly when it is greater than this (negative infinity when every value has, positive
    /// infinity above 100, which no value reaches). Null when the distribution is empty. Comparisons with a
    /// percentile change their answers only where this moves.
    /// </summary>
    public double? CutPoint(double percentile)
    {
        if (Count == 0)
        {
            return null;
        }

        if (percentile > 100)
        {
            return double.PositiveInfinity;
        }

        // The rank of a value is that of the first retained value at or above it (100 above the largest), so it grows
        // only past a retained value.
        var first = FirstIndexReaching(percentile);
        return first == 0 ? double.NegativeInfinity : values[first - 1];
    }

    private int FirstIndexReaching(double percentile)
    {
        int low = 0, high = values.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (100.0 * below[middle] / Count >= percentile)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}
