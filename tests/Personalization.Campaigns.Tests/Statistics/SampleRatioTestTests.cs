using MathNet.Numerics.Distributions;
using Personalization.Campaigns.Statistics;

namespace Personalization.Campaigns.Tests;

public sealed class SampleRatioTestTests
{
    /// <summary>GrowthBook's published check: gbstats tests, test_srm: check_srm([1000, 1200], [0.5, 0.5]) == 0.000020079.</summary>
    [Fact]
    public void Matches_GrowthBooks_published_example()
    {
        var result = SampleRatioTest.Check([1000, 1200], [0.5, 0.5])!;
        Assert.Equal(0.000020079, result.PValue, 9);
        Assert.True(result.Mismatch);
        Assert.Contains("Sample ratio mismatch", result.Message);
    }

    /// <summary>
    /// Closed forms computed here: Pearson's statistic by hand, and for two degrees of freedom the chi-square survival
    /// function is exp(−x/2).
    /// </summary>
    [Fact]
    public void Equals_the_closed_form_for_three_variants()
    {
        long[] observed = [310, 290, 400];
        double[] weights = [3, 3, 4];
        double[] expected = [300, 300, 400];
        var chiSquare = observed.Select((o, i) => (o - expected[i]) * (o - expected[i]) / expected[i]).Sum();
        var result = SampleRatioTest.Check(observed, weights)!;
        Assert.Equal(chiSquare, result.ChiSquare, 12);
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.Equal(Math.Exp(-chiSquare / 2), result.PValue, 12);
        Assert.False(result.Mismatch);
        Assert.Contains("fits the configured weights", result.Message);
    }

    [Fact]
    public void Says_nothing_without_two_variants_or_exposures()
    {
        Assert.Null(SampleRatioTest.Check([0, 0], [1, 1]));
        Assert.Null(SampleRatioTest.Check([10], [1]));
        Assert.Throws<ArgumentException>(() => SampleRatioTest.Check([1, 2], [1]));
    }

    /// <summary>
    /// 1,000 seeded campaigns of 20,000 exposures split 45/45/10: a fair split is flagged about once in a thousand (the
    /// threshold), a split that loses 10% of one variant's exposures (a page that fails to record) nearly always.
    /// </summary>
    [Fact]
    public void Fires_on_a_broken_split_and_not_on_a_fair_one()
    {
        var random = new Random(22_001);
        double[] weights = [45, 45, 10];
        var fairFlags = 0;
        var brokenFlags = 0;
        for (var trial = 0; trial < 1000; trial++)
        {
            var fair = Split(random, 20_000, weights);
            fairFlags += SampleRatioTest.Check(fair, weights)!.Mismatch ? 1 : 0;
            var broken = Split(random, 20_000, weights);
            broken[1] -= Binomial.Sample(random, 0.1, (int)broken[1]);
            brokenFlags += SampleRatioTest.Check(broken, weights)!.Mismatch ? 1 : 0;
        }

        Assert.True(fairFlags <= 5, $"a fair split was flagged {fairFlags} times in 1,000");
        Assert.True(brokenFlags >= 950, $"a broken split was flagged only {brokenFlags} times in 1,000");
    }

    /// <summary>A multinomial draw as a chain of binomials: each variant takes its share of what the ones before left.</summary>
    private static long[] Split(Random random, int total, double[] weights)
    {
        var counts = new long[weights.Length];
        var left = total;
        var weightLeft = weights.Sum();
        for (var i = 0; i < weights.Length - 1; i++)
        {
            counts[i] = Binomial.Sample(random, weights[i] / weightLeft, left);
            left -= (int)counts[i];
            weightLeft -= weights[i];
        }

        counts[^1] = left;
        return counts;
    }
}
