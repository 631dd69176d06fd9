namespace Personalization.Campaigns.Statistics;

/// <summary>A variant against the control as a Bayesian reads it.</summary>
/// <param name="ChanceToBeatControl">The probability that the variant's true value is above the control's.</param>
/// <param name="ExpectedLoss">
/// What choosing the variant costs on average if it is in fact worse: E[max(control − variant, 0)], in the metric's unit
/// (conversion rate, or revenue per exposure). Small enough to live with means it is safe to choose.
/// </param>
/// <param name="ControlExpectedLoss">The same for keeping the control: E[max(variant − control, 0)].</param>
public sealed record BayesianComparison(double ChanceToBeatControl, double ExpectedLoss, double ControlExpectedLoss);
