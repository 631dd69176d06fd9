namespace Personalization.Campaigns.Statistics;

/// <param name="Difference">The variant's mean minus the control's, adjusted for the pre-exposure covariate.</param>
/// <param name="StandardError">The standard error of <see cref="Difference"/>.</param>
/// <param name="VarianceReduction">
/// The share of the unadjusted difference's variance the adjustment removed: 0.3 means the interval is √0.7 ≈ 84% as
/// wide, as if the test had 1/0.7 ≈ 1.4 times the exposures.
/// </param>
/// <param name="Theta">The regression coefficient of the metric on the covariate, pooled over both arms.</param>
public sealed record CupedEstimate(double Difference, double StandardError, double VarianceReduction, double Theta);
