using Personalization.Rules.Forecasts;

namespace Personalization.Forecasts;

/// <summary>The purchase forecasts' settings on a silo (<c>Forecasts</c> in the host's configuration).</summary>
public sealed class PurchaseModelOptions
{
    public const string SectionName = "Forecasts";

    /// <summary>The event type counted as a purchase.</summary>
    public string PurchaseEventType { get; set; } = PurchaseForecastModel.DefaultEventType;

    /// <summary>The field holding a purchase's value: <c>value</c> for the event's value, any other name for a numeric property.</summary>
    public string PurchaseValueField { get; set; } = PurchaseForecastModel.DefaultValueField;

    /// <summary>How often the models are fitted again; null fits only on demand.</summary>
    public TimeSpan? FitInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The most customers a fit samples.</summary>
    public int MaxSampleSize { get; set; } = 100_000;
}
