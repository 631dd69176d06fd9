using MathNet.Numerics.Distributions;

namespace Personalization.Campaigns.Statistics;

/// <summary>
/// Bandit allocation by Thompson sampling on conversion: each arm gets the posterior probability that it converts
/// best (Beta(1 + conversions, 1 + exposures − conversions) per arm, estimated from joint draws), and at least
/// <c>floor</c> of the traffic, so no arm stops learning.
/// </summary>
public static class ThompsonSampling
{
    public const double DefaultFloor = 0.01;
    public const int DefaultDraws = 10_000;

    /// <returns>Each arm's share of new customers; the shares add up to 1.</returns>
    public static double[] Allocate(IReadOnlyList<(long Conversions, long Exposures)> arms, Random random, double floor = DefaultFloor, int draws = DefaultDraws)
    {
        if (arms.Count == 0 || floor < 0 || floor * arms.Count > 1)
        {
            throw new ArgumentException("Allocation needs at least one arm and a floor of at most 1/arms.", nameof(arms));
        }

        var wins = new double[arms.Count];
        var posteriors = arms.Select(arm => new Beta(1 + arm.Conversions, 1 + Math.Max(0, arm.Exposures - arm.Conversions), random)).ToArray();
        for (var draw = 0; draw < draws; draw++)
        {
            var best = 0;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < posteriors.Length; i++)
            {
                var value = posteriors[i].Sample();
                if (value > bestValue)
                {
                    bestValue = value;
                    best = i;
                }
            }

            wins[best]++;
        }

        // The floor first, the rest in proportion to the chance of being best.
        var rest = 1 - (floor * arms.Count);
        return [.. wins.Select(w => floor + (rest * w / draws))];
    }
}
