namespace Personalization.Campaigns.Statistics;

/// <summary>
/// Whether the exposures per variant fit the configured weights: Pearson's chi-square test of the observed counts
/// against the counts the weights predict.
/// </summary>
/// <param name="PValue">The chance of a split at least this uneven if assignment works as configured.</param>
/// <param name="Mismatch">Whether <see cref="PValue"/> is below <see cref="SampleRatioTest.Threshold"/>: the split is broken.</param>
/// <param name="Message">The finding in plain words.</param>
public sealed record SampleRatio(double ChiSquare, int DegreesOfFreedom, double PValue, bool Mismatch, string Message);
