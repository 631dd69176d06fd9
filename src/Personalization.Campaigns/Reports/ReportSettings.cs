using Personalization.Campaigns.Statistics;

namespace Personalization.Campaigns.Reports;

/// <summary>How a report is computed: from the host's settings and the campaign's allocation.</summary>
/// <param name="SequentialTuning">The total exposures at which the always-valid interval is narrowest.</param>
/// <param name="CupedWindow">How far before first exposure the covariate's spend was summed.</param>
/// <param name="Bandit">The campaign allocates by bandit: weights change, so the sample ratio is not checked.</param>
public sealed record ReportSettings(double SequentialTuning, TimeSpan CupedWindow, bool Bandit = false)
{
    public static ReportSettings Default { get; } = new(SequentialInterval.DefaultTuning, TimeSpan.FromDays(30));

    /// <summary>The host's settings for a campaign that allocates by <paramref name="bandit"/> or not.</summary>
    public static ReportSettings From(CampaignOptions options, bool bandit) => new(options.SequentialTuning, options.CupedWindow, bandit);
}
