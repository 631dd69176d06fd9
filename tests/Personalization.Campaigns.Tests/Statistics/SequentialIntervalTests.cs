using MathNet.Numerics.Distributions;
using Personalization.Campaigns.Reports;
using Personalization.Campaigns.Statistics;

namespace Personalization.Campaigns.Tests;

public sealed class SequentialIntervalTests
{
    /// <summary>
    /// GrowthBook's published sequential results (gbstats, tests/frequentist/test_tests.py, TestSequentialTTest):
    /// test_sequential_test_runs (tuning 1000, n 3000 + 3461): estimate 0.50336, standard error 0.33341,
    /// interval (−0.55844, 1.56516); test_sequential_test_runs_prop (default tuning 5000): estimate 0.50386, standard
    /// error 0.03386, interval (0.40098, 0.60675).
    /// </summary>
    [Fact]
    public void Matches_GrowthBooks_published_examples()
    {
        var wide = SequentialInterval.Around(0.5033610858562358, 0.3334122146400735, 6461, 1000);
        Assert.Equal(-0.55844, wide.Low, 5);
        Assert.Equal(1.56516, wide.High, 5);

        var narrow = SequentialInterval.Around(0.50386, 0.03386, 6461);
        // The published standard error is rounded to five places, so the ends agree to about 1e-5.
        Assert.Equal(0.40098, narrow.Low, 2e-5);
        Assert.Equal(0.60675, narrow.High, 2e-5);
    }

    /// <summary>
    /// Independent of the closed form: at the boundary the normal-mixture martingale of Howard et al. (2021, eq. 14),
    /// ∫ exp(λS − nλ²/2) dN(λ; 0, ρ²) for unit-variance observations, equals 1/α. Integrated here numerically over λ.
    /// </summary>
    [Theory]
    [InlineData(100, 5000)]
    [InlineData(6461, 5000)]
    [InlineData(200_000, 1000)]
    public void Sits_where_the_mixture_martingale_reaches_one_over_alpha(long n, double tuning)
    {
        var alpha = 0.05;
        var rhoSquared = ((-2 * Math.Log(alpha)) + Math.Log((-2 * Math.Log(alpha)) + 1)) / tuning;
        var sum = n * SequentialInterval.HalfWidth(1 / Math.Sqrt(n), n, tuning);
        var rho = Math.Sqrt(rhoSquared);
        var martingale = 0.0;
        var step = rho / 2000;
        for (var lambda = -12 * rho; lambda <= 12 * rho; lambda += step)
        {
            martingale += Math.Exp((lambda * sum) - (n * lambda * lambda / 2)) * Normal.PDF(0, rho, lambda) * step;
        }

        Assert.Equal(1 / alpha, martingale, 1e-3 / alpha);
    }

    /// <summary>
    /// 1,000 seeded A/A tests (10% conversion in both arms, 150 exposures per arm a day) read every day for 30 days, and
    /// stopped at the first "significant" day: the fixed-horizon interval declares a false winner far more often than
    /// 5%, the always-valid interval at most 5% of the time.
    /// </summary>
    [Fact]
    public void Peeking_daily_at_AA_tests_keeps_the_sequential_false_positive_rate_within_five_percent()
    {
        var random = new Random(22_002);
        var fixedPositives = 0;
        var sequentialPositives = 0;
        for (var test = 0; test < 1000; test++)
        {
            long conversions = 0, exposures = 0, controlConversions = 0, controlExposures = 0;
            bool fixedFired = false, sequentialFired = false;
            for (var day = 0; day < 30; day++)
            {
                conversions += Binomial.Sample(random, 0.1, 150);
                controlConversions += Binomial.Sample(random, 0.1, 150);
                exposures += 150;
                controlExposures += 150;
                var lift = CampaignReport.LiftOf(conversions, exposures, controlConversions, controlExposures)!;
                var standardError = (lift.High - lift.Low) / (2 * CampaignReport.Z95);
                fixedFired |= lift.Significant;
                sequentialFired |= SequentialInterval.Around(lift.Absolute, standardError, exposures + controlExposures).Significant;
            }

            fixedPositives += fixedFired ? 1 : 0;
            sequentialPositives += sequentialFired ? 1 : 0;
        }

        Assert.True(fixedPositives > 50, $"fixed-horizon false positives: {fixedPositives} of 1,000");
        Assert.True(sequentialPositives <= 50, $"sequential false positives: {sequentialPositives} of 1,000");
    }

    [Fact]
    public void Is_wider_than_the_fixed_horizon_interval_and_narrows_with_data()
    {
        var fixedHalfWidth = CampaignReport.Z95 * 0.01;
        Assert.True(SequentialInterval.HalfWidth(0.01, 5000) > fixedHalfWidth);
        Assert.True(SequentialInterval.HalfWidth(0.01 / Math.Sqrt(10), 50_000) < SequentialInterval.HalfWidth(0.01, 5000));
        Assert.Equal(double.PositiveInfinity, SequentialInterval.HalfWidth(0.01, 0));
    }
}
