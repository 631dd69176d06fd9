namespace Personalization.Testing;

/// <summary>The exact answers a quantile sketch is checked against: ranks counted over the whole sorted population.</summary>
internal static class ExactRanks
{
    /// <summary>How many of <paramref name="sorted"/> (ascending) are strictly smaller than <paramref name="value"/>.</summary>
    public static int CountBelow(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (sorted[middle] < value)
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

    /// <summary>The percentile rank with ties at the minimum, as <c>percentile()</c> defines it: 100 x count strictly smaller / count.</summary>
    public static double PercentileRank(double[] sorted, double value) => 100.0 * CountBelow(sorted, value) / sorted.Length;
}
