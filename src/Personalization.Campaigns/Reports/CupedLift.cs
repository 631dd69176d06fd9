using Personalization.Campaigns.Statistics;

namespace Personalization.Campaigns.Reports;

/// <summary>
/// Revenue lift adjusted for each customer's spend before first exposure (<see cref="Cuped"/>): the same difference in
/// expectation, with a narrower interval when past spend predicts future spend.
/// </summary>
/// <param name="Absolute">Adjusted revenue per exposure of the variant minus that of the control.</param>
/// <param name="Low">The fixed-horizon 95% interval's lower end.</param>
/// <param name="Sequential">The always-valid 95% interval.</param>
/// <param name="VarianceReduction">The share of the difference's variance the adjustment removed.</param>
public sealed record CupedLift(double Absolute, double Low, double High, bool Significant, Interval Sequential, double VarianceReduction);
