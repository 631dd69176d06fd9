namespace Personalization.Campaigns.Statistics;

/// <summary>
/// The sufficient statistics of one metric over a sample: count, sum and sum of squares. They add across report shards,
/// so a report's cost depends on the number of variants and segments, never on the number of customers.
/// </summary>
public readonly record struct SampleMoments(long Count, double Sum, double SumOfSquares)
{
    public double Mean => Count == 0 ? 0 : Sum / Count;

    /// <summary>The unbiased sample variance (n − 1 denominator); 0 below two observations.</summary>
    public double Variance => Count < 2 ? 0 : Math.Max(0, (SumOfSquares - (Sum * Sum / Count)) / (Count - 1));

    /// <summary>The squared standard error of <see cref="Mean"/>.</summary>
    public double MeanVariance => Count == 0 ? 0 : Variance / Count;
}
