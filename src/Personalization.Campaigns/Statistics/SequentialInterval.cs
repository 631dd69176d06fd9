namespace Personalization.Campaigns.Statistics;

/// <summary>
/// Always-valid confidence intervals (a confidence sequence): the chance that the interval ever excludes the true
/// difference, at any of any number of looks, stays below α. It is the two-sided normal-mixture boundary of Howard,
/// Ramdas, McAuliffe and Sekhon, "Time-uniform, nonparametric, nonasymptotic confidence sequences" (Ann. Statist. 2021,
/// eq. 14), applied to the asymptotic setting of Waudby-Smith et al., "Time-uniform central limit theory and asymptotic
/// confidence sequences" (arXiv:2103.06476), with the mixing variance ρ² chosen so the interval is narrowest at a
/// planned total sample size (their eq. 161): GrowthBook's sequential testing, whose tuning parameter this is.
/// </summary>
public static class SequentialInterval
{
    /// <summary>GrowthBook's default: the interval is tightest near 5,000 exposures in the two variants together.</summary>
    public const double DefaultTuning = 5000;

    public const double Alpha = 0.05;

    /// <param name="standardError">The standard error of the estimated difference at this look.</param>
    /// <param name="totalCount">Observations in both arms together so far.</param>
    /// <param name="tuning">The total sample size at which the interval is narrowest.</param>
    public static double HalfWidth(double standardError, long totalCount, double tuning = DefaultTuning, double alpha = Alpha)
    {
        if (totalCount <= 0)
        {
            return double.PositiveInfinity;
        }

        var n = (double)totalCount;
        var rhoSquared = ((-2 * Math.Log(alpha)) + Math.Log((-2 * Math.Log(alpha)) + 1)) / tuning;
        var spread = (n * rhoSquared) + 1;

        // The boundary is on the sum of n observations of standard deviation σ = standardError·√n; divided by n.
        var sigma = standardError * Math.Sqrt(n);
        return sigma * Math.Sqrt(2 * spread / (n * n * rhoSquared) * Math.Log(Math.Sqrt(spread) / alpha));
    }

    public static Interval Around(double estimate, double standardError, long totalCount, double tuning = DefaultTuning) =>
        Interval.Around(estimate, HalfWidth(standardError, totalCount, tuning));
}
