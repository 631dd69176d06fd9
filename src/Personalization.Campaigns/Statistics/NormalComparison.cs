using MathNet.Numerics.Distributions;

namespace Personalization.Campaigns.Statistics;

/// <summary>
/// A difference of means under the normal approximation with a flat prior: the posterior of the difference is
/// N(observed difference, its squared standard error). Used for revenue per exposure.
/// </summary>
public static class NormalComparison
{
    /// <param name="difference">The variant's mean minus the control's.</param>
    /// <param name="standardError">The standard error of that difference.</param>
    public static BayesianComparison Compare(double difference, double standardError)
    {
        if (standardError <= 0)
        {
            return new BayesianComparison(difference > 0 ? 1 : difference < 0 ? 0 : 0.5, Math.Max(0, -difference), Math.Max(0, difference));
        }

        var z = difference / standardError;
        var density = Normal.PDF(0, 1, z);

        // For D ~ N(μ, σ²): E[max(−D, 0)] = σ·φ(μ/σ) − μ·Φ(−μ/σ) and E[max(D, 0)] = σ·φ(μ/σ) + μ·Φ(μ/σ).
        var lossOfVariant = (standardError * density) - (difference * Normal.CDF(0, 1, -z));
        var lossOfControl = (standardError * density) + (difference * Normal.CDF(0, 1, z));
        return new BayesianComparison(Normal.CDF(0, 1, z), Math.Max(0, lossOfVariant), Math.Max(0, lossOfControl));
    }
}
