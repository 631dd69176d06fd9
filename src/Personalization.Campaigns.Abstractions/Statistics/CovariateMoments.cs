namespace Personalization.Campaigns.Statistics;

/// <summary>
/// Sufficient statistics of a metric Y and a pre-exposure covariate X over a sample: what CUPED needs, all additive
/// across report shards.
/// </summary>
public readonly record struct CovariateMoments(long Count, double SumY, double SumYSquares, double SumX, double SumXSquares, double SumXY)
{
    public SampleMoments Y => new(Count, SumY, SumYSquares);

    public SampleMoments X => new(Count, SumX, SumXSquares);

    /// <summary>The unbiased sample covariance of X and Y; 0 below two observations.</summary>
    public double Covariance => Count < 2 ? 0 : (SumXY - (SumX * SumY / Count)) / (Count - 1);

    public CovariateMoments Plus(CovariateMoments other) => new(
        Count + other.Count, SumY + other.SumY, SumYSquares + other.SumYSquares,
        SumX + other.SumX, SumXSquares + other.SumXSquares, SumXY + other.SumXY);
}
