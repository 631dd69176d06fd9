namespace Personalization.Campaigns.Statistics;

/// <summary>A range the true difference lies in with the stated confidence; <see cref="Significant"/> when it excludes 0.</summary>
public sealed record Interval(double Low, double High)
{
    public bool Significant => Low > 0 || High < 0;

    public static Interval Around(double estimate, double halfWidth) => new(estimate - halfWidth, estimate + halfWidth);
}
