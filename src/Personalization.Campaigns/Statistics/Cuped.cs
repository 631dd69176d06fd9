namespace Personalization.Campaigns.Statistics;

/// <summary>
/// CUPED (Deng, Xu, Kohavi and Walker, "Improving the sensitivity of online controlled experiments by utilizing
/// pre-experiment data", WSDM 2013): each observation Y is replaced by Y − θ(X − E[X]), where X was fixed before
/// exposure and so is independent of the variant. The difference of means keeps its expectation and loses the part of
/// its variance X explains: Var(Y − θX) = Var(Y) + θ²Var(X) − 2θCov(X, Y), least at θ = Cov(X, Y)/Var(X).
/// </summary>
public static class Cuped
{
    /// <summary>Null unless both arms have at least two observations.</summary>
    public static CupedEstimate? Compare(CovariateMoments variant, CovariateMoments control)
    {
        if (variant.Count < 2 || control.Count < 2)
        {
            return null;
        }

        var pooled = variant.Plus(control);
        var covariateVariance = pooled.X.Variance;
        var theta = covariateVariance > 0 ? pooled.Covariance / covariateVariance : 0;
        var difference = variant.Y.Mean - control.Y.Mean - (theta * (variant.X.Mean - control.X.Mean));
        var adjusted = AdjustedVariance(variant, theta) / variant.Count + (AdjustedVariance(control, theta) / control.Count);
        var unadjusted = variant.Y.MeanVariance + control.Y.MeanVariance;
        var reduction = unadjusted > 0 ? 1 - (adjusted / unadjusted) : 0;
        return new CupedEstimate(difference, Math.Sqrt(adjusted), reduction, theta);
    }

    private static double AdjustedVariance(CovariateMoments arm, double theta) =>
        Math.Max(0, arm.Y.Variance + (theta * theta * arm.X.Variance) - (2 * theta * arm.Covariance));
}
