namespace Personalization.Forecasts;

/// <summary>One customer's purchase summary in days, as the purchase models read it (see <c>PurchaseSummary</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record PurchaseSummaryReading(
    [property: Id(0)] int Frequency,
    [property: Id(1)] double Recency,
    [property: Id(2)] double Age,
    [property: Id(3)] double? MeanRepeatValue);
