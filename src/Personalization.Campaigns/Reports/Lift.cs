using Personalization.Campaigns.Statistics;

namespace Personalization.Campaigns.Reports;

/// <summary>
/// A variant's treatment effect on a metric against the control. <see cref="Low"/>..<see cref="High"/> is the
/// fixed-horizon 95% interval (Wald, unpooled standard error); <see cref="Sequential"/> the always-valid one.
/// </summary>
/// <param name="Absolute">The variant's value minus the control's.</param>
/// <param name="Relative"><see cref="Absolute"/> over the control's value; null when the control's is 0.</param>
/// <param name="Significant">Whether the fixed-horizon interval excludes zero.</param>
public sealed record Lift(double Absolute, double? Relative, double Low, double High, bool Significant)
{
    public Interval? Sequential { get; init; }

    public double? ChanceToBeatControl { get; init; }

    /// <summary>What choosing the variant costs on average if it is in fact worse; see <see cref="BayesianComparison"/>.</summary>
    public double? ExpectedLoss { get; init; }

    /// <summary>What keeping the control costs on average if the variant is in fact better.</summary>
    public double? ControlExpectedLoss { get; init; }

    /// <summary>Only for revenue: the lift adjusted for spend before first exposure.</summary>
    public CupedLift? Cuped { get; init; }
}
