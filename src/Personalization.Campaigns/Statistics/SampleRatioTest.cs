using MathNet.Numerics;

namespace Personalization.Campaigns.Statistics;

/// <summary>Sample ratio mismatch: Pearson's chi-square goodness of fit of exposures per variant to the configured weights.</summary>
public static class SampleRatioTest
{
    /// <summary>GrowthBook's threshold: rare enough by chance that a flag almost always means a real fault.</summary>
    public const double Threshold = 0.001;

    /// <summary>Null when there are fewer than two variants or nothing was exposed yet.</summary>
    public static SampleRatio? Check(IReadOnlyList<long> exposures, IReadOnlyList<double> weights)
    {
        if (exposures.Count != weights.Count)
        {
            throw new ArgumentException("One weight per variant.", nameof(weights));
        }

        var total = exposures.Sum();
        var totalWeight = weights.Sum();
        if (exposures.Count < 2 || total == 0 || totalWeight <= 0)
        {
            return null;
        }

        var chiSquare = 0.0;
        for (var i = 0; i < exposures.Count; i++)
        {
            var expected = total * weights[i] / totalWeight;
            var difference = exposures[i] - expected;
            chiSquare += difference * difference / expected;
        }

        var degrees = exposures.Count - 1;

        // The chi-square survival function, as the regularized upper incomplete gamma function: 1 − CDF would round
        // the smallest p-values to 0.
        var p = SpecialFunctions.GammaUpperRegularized(degrees / 2.0, chiSquare / 2);
        var mismatch = p < Threshold;
        var message = mismatch
            ? $"Sample ratio mismatch: the split of exposures between variants is further from the configured weights than chance allows (p = {p:G3}, below {Threshold}). Something is dropping or duplicating exposures in some variants; do not trust the lifts until the cause is found."
            : $"The split of exposures between variants fits the configured weights (p = {p:G3}).";
        return new SampleRatio(chiSquare, degrees, p, mismatch, message);
    }
}
