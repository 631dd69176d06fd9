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
    /// The value above which percentile ranks reach <paramref name="percentile"/> (exceed it when <paramref name="strict"/>):
    /// a value's rank does so exactly when the value is greater than this; negative infinity when every value's does,
    /// positive infinity when none does. Null when the distribution is empty. A comparison of a percentile with a constant
    /// changes its answers only where this moves.
    /// </summary>
    public double? CutPoint(double percentile, bool strict = false)
    {
        if (Count == 0)
        {
            return null;
        }

        // The rank of a value is that of the first retained value at or above it (100 above the largest), so it grows
        // only past a retained value.
        if (strict ? 100 <= percentile : 100 < percentile)
        {
            return double.PositiveInfinity;
        }

        var first = FirstIndexReaching(percentile, strict);
        return first == 0 ? double.NegativeInfinity : values[first - 1];
    }

    private int FirstIndexReaching(double percentile, bool strict)
    {
        int low = 0, high = values.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            var rank = 100.0 * below[middle] / Count;
            if (strict ? rank > percentile : rank >= percentile)
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
