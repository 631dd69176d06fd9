using Personalization.Campaigns.Statistics;

namespace Personalization.Campaigns.Reports;

/// <summary>The methods behind a report's numbers, named in the report.</summary>
/// <param name="Decision">Which interval to act on: "sequential", since a report is read at every look.</param>
/// <param name="Allocation">"weights" (stable hash by weight) or "bandit" (Thompson sampling).</param>
public sealed record ReportMethods(
    string Decision,
    string FixedHorizon,
    string Sequential,
    double SequentialTuning,
    string Bayesian,
    string Cuped,
    string SampleRatio,
    string Allocation)
{
    public static ReportMethods For(ReportSettings settings) => new(
        "sequential",
        "95% Wald interval with unpooled standard errors; valid only if read once, at a sample size fixed in advance",
        $"95% always-valid interval: Gaussian-mixture confidence sequence (Howard et al. 2021, eq. 14; tuned for {settings.SequentialTuning:0} exposures), valid at every look",
        settings.SequentialTuning,
        "conversion: beta-binomial with a uniform Beta(1, 1) prior; revenue per exposure: normal approximation with a flat prior",
        $"revenue per exposure adjusted by each customer's spend in the {settings.CupedWindow.TotalDays:0.##} days before first exposure (Deng et al. 2013)",
        $"chi-square test of exposures per variant against the configured weights; flagged below p = {SampleRatioTest.Threshold}",
        settings.Bandit ? "bandit" : "weights");
}
