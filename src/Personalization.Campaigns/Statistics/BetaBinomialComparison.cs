using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Personalization.Campaigns.Statistics;

/// <summary>
/// Conversion rates under the beta-binomial model: with a uniform Beta(1, 1) prior, a variant with c conversions of n
/// exposures has the posterior Beta(1 + c, 1 + n − c). Probabilities are one-dimensional integrals of a density times a
/// distribution function, computed by Gauss–Legendre quadrature over where the density has its mass.
/// </summary>
public static class BetaBinomialComparison
{
    // Panels and nodes per panel: the integrand is smooth, and ±14 standard deviations hold all of its mass.
    private const int Panels = 8;
    private const int NodesPerPanel = 16;
    private const double Reach = 14;

    public static BayesianComparison Compare(long conversions, long exposures, long controlConversions, long controlExposures)
    {
        var (a, b) = Posterior(conversions, exposures);
        var (controlA, controlB) = Posterior(controlConversions, controlExposures);
        var chance = ProbabilityGreater(a, b, controlA, controlB);

        // E[max(X − Y, 0)] = E[X]·P(X⁺ > Y) − E[Y]·P(X > Y⁺), where X⁺ ~ Beta(α + 1, β) is X's size-biased
        // distribution: x·f(x; α, β) = E[X]·f(x; α + 1, β).
        var mean = a / (a + b);
        var controlMean = controlA / (controlA + controlB);
        var lossOfVariant = (controlMean * ProbabilityGreater(controlA + 1, controlB, a, b)) - (mean * ProbabilityGreater(controlA, controlB, a + 1, b));
        var lossOfControl = (mean * ProbabilityGreater(a + 1, b, controlA, controlB)) - (controlMean * ProbabilityGreater(a, b, controlA + 1, controlB));
        return new BayesianComparison(chance, Math.Max(0, lossOfVariant), Math.Max(0, lossOfControl));
    }

    /// <summary>P(X > Y) for X ~ Beta(a, b) and Y ~ Beta(c, d), as ∫ f_X(x)·F_Y(x) dx.</summary>
    public static double ProbabilityGreater(double a, double b, double c, double d)
    {
        var mean = a / (a + b);
        var deviation = Math.Sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
        var low = Math.Max(0, mean - (Reach * deviation));
        var high = Math.Min(1, mean + (Reach * deviation));
        var width = (high - low) / Panels;
        var sum = 0.0;
        for (var panel = 0; panel < Panels; panel++)
        {
            var from = low + (panel * width);
            sum += Integrate.GaussLegendre(x => Math.Exp(Beta.PDFLn(a, b, x)) * Beta.CDF(c, d, x), from, from + width, NodesPerPanel);
        }

        return Math.Clamp(sum, 0, 1);
    }

    private static (double Alpha, double Beta) Posterior(long conversions, long exposures) =>
        (1 + conversions, 1 + Math.Max(0, exposures - conversions));
}
