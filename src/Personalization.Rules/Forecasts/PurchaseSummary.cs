namespace Personalization.Rules.Forecasts;

/// <summary>
/// One customer's purchase history as the purchase models read it (Fader, Hardie and Lee's (x, t_x, T)): the number
/// of repeat purchases, the time of the last purchase and the customer's age, both measured from the first purchase
/// in the model's time unit, and the mean value of the repeat purchases when the spend model needs it.
/// </summary>
/// <param name="Frequency">Repeat purchases x: purchases after the first (purchases on one day count once).</param>
/// <param name="Recency">t_x: time from the first purchase to the last one; 0 when <paramref name="Frequency"/> is 0.</param>
/// <param name="Age">T: time from the first purchase to the end of observation; at least <paramref name="Recency"/>.</param>
/// <param name="MeanRepeatValue">Mean value of the repeat purchases; null when unknown or when there are none.</param>
public readonly record struct PurchaseSummary(int Frequency, double Recency, double Age, double? MeanRepeatValue = null)
{
    /// <summary>Whether the values can describe a purchase history: counts and times non-negative, recency within age.</summary>
    public bool IsValid =>
        Frequency >= 0 && Recency >= 0 && Age >= Recency && double.IsFinite(Age) &&
        (Frequency > 0 || Recency == 0) &&
        (MeanRepeatValue is null || (MeanRepeatValue > 0 && double.IsFinite(MeanRepeatValue.Value)));
}
