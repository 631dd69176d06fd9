namespace Personalization.Rules.Forecasts;

/// <summary>
/// What the forecast functions of the rule language (<c>predicted_purchases(90d)</c>, <c>p_alive()</c>,
/// <c>predicted_clv(365d)</c>) evaluate with: the fitted models, in days, and which events are purchases and which
/// field holds their value. A catalog compiled with none, or with a model not yet fitted, answers null.
/// </summary>
/// <param name="Purchases">The BG/NBD parameters fitted on summaries in days; null until a fit.</param>
/// <param name="Spend">The Gamma-Gamma parameters; null until a fit (or when no customer had repeat purchases with values).</param>
public sealed record PurchaseForecastModel(BetaGeometricNbd? Purchases = null, GammaGamma? Spend = null)
{
    /// <summary>The event type counted as a purchase unless configured otherwise.</summary>
    public const string DefaultEventType = "purchase";

    /// <summary>The field holding a purchase's value unless configured otherwise: the event's own value.</summary>
    public const string DefaultValueField = "value";

    /// <summary>No fitted model; purchases are <see cref="DefaultEventType"/> events valued by <see cref="DefaultValueField"/>.</summary>
    public static PurchaseForecastModel Unfitted { get; } = new();

    /// <summary>The event type whose events are purchases.</summary>
    public string EventType { get; init; } = DefaultEventType;

    /// <summary>The purchase's value: <c>value</c> for the event's value, any other name for a numeric event property.</summary>
    public string ValueField { get; init; } = DefaultValueField;

    /// <summary>Expected purchase days in the next <paramref name="days"/> days; null without a fitted model.</summary>
    public double? ExpectedPurchases(PurchaseSummary summary, double days) =>
        Purchases is { IsValid: true } model ? model.ExpectedPurchases(days, summary) : null;

    /// <summary>The probability that the customer is still a customer; null without a fitted model.</summary>
    public double? ProbabilityAlive(PurchaseSummary summary) =>
        Purchases is { IsValid: true } model ? model.ProbabilityAlive(summary) : null;

    /// <summary>
    /// Expected spend in the next <paramref name="days"/> days, undiscounted: expected purchases times the expected
    /// value of a purchase. Null unless both models are fitted (and the spend model has a population mean, q &gt; 1).
    /// </summary>
    public double? LifetimeValue(PurchaseSummary summary, double days)
    {
        if (ExpectedPurchases(summary, days) is not { } purchases || Spend is not { IsValid: true } spend)
        {
            return null;
        }

        var perPurchase = spend.ExpectedPurchaseValue(summary.Frequency, summary.MeanRepeatValue);
        return double.IsFinite(perPurchase) ? purchases * perPurchase : null;
    }
}
