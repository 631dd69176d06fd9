using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using Personalization.Campaigns.Statistics;

namespace Personalization.Campaigns.Tests;

public sealed class BayesianComparisonTests
{
    /// <summary>
    /// Evan Miller's closed form ("Formulas for Bayesian A/B testing", 2015) for integer parameters:
    /// P(X_B > X_A) = Σ_{i=0}^{α_B−1} B(α_A + i, β_A + β_B) / ((β_B + i) B(1 + i, β_B) B(α_A, β_A)).
    /// </summary>
    [Theory]
    [InlineData(51, 100, 49, 100)]
    [InlineData(12, 40, 3, 35)]
    [InlineData(150, 1000, 120, 1000)]
    [InlineData(0, 10, 2, 10)]
    public void Chance_to_beat_control_equals_the_closed_form(long conversions, long exposures, long controlConversions, long controlExposures)
    {
        double aB = 1 + conversions, bB = 1 + exposures - conversions, aA = 1 + controlConversions, bA = 1 + controlExposures - controlConversions;
        var closedForm = 0.0;
        for (var i = 0; i < aB; i++)
        {
            closedForm += Math.Exp(SpecialFunctions.BetaLn(aA + i, bA + bB) - Math.Log(bB + i) - SpecialFunctions.BetaLn(1 + i, bB) - SpecialFunctions.BetaLn(aA, bA));
        }

        var result = BetaBinomialComparison.Compare(conversions, exposures, controlConversions, controlExposures);
        Assert.Equal(closedForm, result.ChanceToBeatControl, 1e-9);
    }

    /// <summary>Expected losses against a brute-force double integral of max(x − y, 0) over the two posterior densities, on a fine grid.</summary>
    [Theory]
    [InlineData(51, 100, 49, 100)]
    [InlineData(12, 40, 3, 35)]
    [InlineData(150, 1000, 120, 1000)]
    public void Expected_losses_equal_a_brute_force_double_integral(long conversions, long exposures, long controlConversions, long controlExposures)
    {
        const int points = 3000;
        var variant = new Beta(1 + conversions, 1 + exposures - conversions);
        var control = new Beta(1 + controlConversions, 1 + controlExposures - controlConversions);
        var x = Enumerable.Range(0, points).Select(i => (i + 0.5) / points).ToArray();
        var fv = x.Select(variant.Density).ToArray();
        var fc = x.Select(control.Density).ToArray();
        double lossOfVariant = 0, lossOfControl = 0, cell = 1.0 / points / points;
        for (var i = 0; i < points; i++)
        {
            for (var j = 0; j < points; j++)
            {
                var difference = x[i] - x[j];
                var mass = fv[i] * fc[j] * cell;
                if (difference < 0)
                {
                    lossOfVariant -= difference * mass;
                }
                else
                {
                    lossOfControl += difference * mass;
                }
            }
        }

        var result = BetaBinomialComparison.Compare(conversions, exposures, controlConversions, controlExposures);
        Assert.Equal(lossOfVariant, result.ExpectedLoss, 2e-5);
        Assert.Equal(lossOfControl, result.ControlExpectedLoss, 2e-5);
    }

    /// <summary>
    /// GrowthBook's published binomial example (gbstats, tests/bayesian/test_tests.py, test_bayesian_binomial_ab_test:
    /// 49/100 against 51/100): chance_to_win 0.61052, risk [0.03872, 0.01912] (keeping A, choosing B). GrowthBook
    /// approximates the beta posteriors by normals, so the exact beta figures agree to within that approximation.
    /// </summary>
    [Fact]
    public void Agrees_with_GrowthBooks_published_binomial_example()
    {
        var result = BetaBinomialComparison.Compare(51, 100, 49, 100);
        Assert.Equal(0.61052, result.ChanceToBeatControl, 2e-3);
        Assert.Equal(0.03872, result.ControlExpectedLoss, 5e-4);
        Assert.Equal(0.01912, result.ExpectedLoss, 5e-4);
    }

    /// <summary>The normal approximation against a numerical integral of the loss over the posterior density, computed here.</summary>
    [Theory]
    [InlineData(0.8, 1.5)]
    [InlineData(-2.0, 0.7)]
    [InlineData(0.0, 3.0)]
    public void Normal_comparison_equals_numerical_integration(double difference, double standardError)
    {
        double chance = 0, lossOfVariant = 0, lossOfControl = 0;
        var step = standardError / 20_000;
        for (var k = 0; k < 480_000; k++)
        {
            // Midpoints of the cells from 12 standard errors below to 12 above.
            var d = difference - (12 * standardError) + ((k + 0.5) * step);
            var mass = Normal.PDF(difference, standardError, d) * step;
            chance += d > 0 ? mass : 0;
            lossOfVariant += Math.Max(-d, 0) * mass;
            lossOfControl += Math.Max(d, 0) * mass;
        }

        var result = NormalComparison.Compare(difference, standardError);
        Assert.Equal(chance, result.ChanceToBeatControl, 1e-4);
        Assert.Equal(lossOfVariant, result.ExpectedLoss, 1e-4 * standardError);
        Assert.Equal(lossOfControl, result.ControlExpectedLoss, 1e-4 * standardError);
    }

    [Fact]
    public void A_difference_known_exactly_is_certain()
    {
        Assert.Equal(new BayesianComparison(1, 0, 2), NormalComparison.Compare(2, 0));
        Assert.Equal(new BayesianComparison(0.5, 0, 0), NormalComparison.Compare(0, 0));
    }
}
