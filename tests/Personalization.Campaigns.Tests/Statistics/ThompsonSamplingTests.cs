using MathNet.Numerics.Distributions;
using Personalization.Campaigns.Statistics;

namespace Personalization.Campaigns.Tests;

public sealed class ThompsonSamplingTests
{
    [Fact]
    public void Shares_add_up_to_one_and_keep_the_floor()
    {
        var shares = ThompsonSampling.Allocate([(10, 1000), (200, 1000), (15, 1000)], new Random(1));
        Assert.Equal(1, shares.Sum(), 12);
        Assert.All(shares, share => Assert.True(share >= ThompsonSampling.DefaultFloor));
        Assert.True(shares[1] > 0.95);
        Assert.Throws<ArgumentException>(() => ThompsonSampling.Allocate([], new Random(1)));
    }

    /// <summary>With no data every arm is equally likely to be best.</summary>
    [Fact]
    public void Without_data_splits_evenly()
    {
        var shares = ThompsonSampling.Allocate([(0, 0), (0, 0)], new Random(2), draws: 40_000);
        Assert.Equal(0.5, shares[0], 0.02);
    }

    /// <summary>
    /// A simulated three-arm problem (true conversion 4%, 5%, 7%): 30 update intervals of 1,000 new customers, each
    /// placed by the shares computed from what the earlier ones did. Regret (conversions lost against always choosing the
    /// best arm, in expectation) stays well below uniform allocation's, which is 30,000 × (7% − 5.33%) = 500.
    /// </summary>
    [Fact]
    public void Regret_on_a_three_arm_problem_is_below_uniform_allocation()
    {
        double[] rates = [0.04, 0.05, 0.07];
        var random = new Random(22_005);
        var conversions = new long[3];
        var exposures = new long[3];
        var regret = 0.0;
        for (var interval = 0; interval < 30; interval++)
        {
            var shares = ThompsonSampling.Allocate([.. conversions.Zip(exposures)], random, draws: 2000);
            var left = 1000;
            var shareLeft = 1.0;
            for (var arm = 0; arm < 3; arm++)
            {
                var count = arm == 2 ? left : Binomial.Sample(random, Math.Min(1, shares[arm] / shareLeft), left);
                left -= count;
                shareLeft -= shares[arm];
                exposures[arm] += count;
                conversions[arm] += Binomial.Sample(random, rates[arm], count);
                regret += count * (rates[2] - rates[arm]);
            }
        }

        var uniformRegret = 30_000 * (rates[2] - rates.Average());
        Assert.True(regret < 0.6 * uniformRegret, $"bandit regret {regret:F0} against uniform {uniformRegret:F0}");
        Assert.True(exposures[2] > exposures[0] + exposures[1]);
    }
}
