using Personalization.Rules.Facts;
using Personalization.Rules.Forecasts;
using Personalization.Rules.Syntax;

namespace Personalization.Rules.Engine;

/// <summary>
/// <c>predicted_purchases(horizon)</c>, <c>p_alive()</c> or <c>predicted_clv(horizon)</c>: the customer's purchase
/// summary on today's date (UTC) run through the catalog's fitted models. Null when no model is fitted or the customer
/// has not bought. The age in the summary is in whole days, so a value holds until the next midnight UTC.
/// </summary>
internal sealed class ForecastNode : ValueNode
{
    private readonly string function;
    private readonly double horizonDays;
    private readonly PurchaseForecastModel model;
    private readonly PurchaseDaysPlan plan;

    public ForecastNode(string function, double horizonDays, PurchaseForecastModel model, PurchaseDaysPlan plan)
    {
        this.function = function;
        this.horizonDays = horizonDays;
        this.model = model;
        this.plan = plan;
        // Without parameters the answer is null whatever the date.
        TimeDependent = model.Purchases is not null;
    }

    public override RuleValue Evaluate(ref Evaluation e)
    {
        if (!TimeDependent || !PurchaseHistory.TrySummarise(e.Facts!, plan, PurchaseDays.DayOf(e.NowTicks), out var summary))
        {
            return RuleValue.Null;
        }

        e.ValidUntil = Time.Earliest(e.ValidUntil, NextMidnight(e.NowTicks));
        double? value;
        try
        {
            value = function switch
            {
                ForecastFunctions.PredictedPurchases => model.ExpectedPurchases(summary, horizonDays),
                ForecastFunctions.ProbabilityAlive => model.ProbabilityAlive(summary),
                _ => model.LifetimeValue(summary, horizonDays),
            };
        }
        catch (ArithmeticException)
        {
            // The hypergeometric series did not converge: no forecast rather than a wrong one.
            value = null;
        }

        return value is { } number && double.IsFinite(number) ? RuleValue.FromNumber(number) : RuleValue.Null;
    }

    public override long NextChange(ref Evaluation e) =>
        TimeDependent && PurchaseHistory.TrySummarise(e.Facts!, plan, PurchaseDays.DayOf(e.NowTicks), out _)
            ? NextMidnight(e.NowTicks)
            : long.MaxValue;

    private static long NextMidnight(long nowTicks) => ((nowTicks / TimeSpan.TicksPerDay) + 1) * TimeSpan.TicksPerDay;
}
