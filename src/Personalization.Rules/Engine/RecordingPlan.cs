namespace Personalization.Rules.Engine;

/// <summary>What a catalog's rules need recorded beyond the lifetime counters: retained properties, derived counters, retention.</summary>
internal sealed class RecordingPlan(TimeSpan retention, Dictionary<string, TypePlan> types, PurchaseDaysPlan? purchases = null)
{
    /// <summary>Which purchase days customers keep for the forecasts; null when no rule reads a forecast.</summary>
    public PurchaseDaysPlan? Purchases { get; } = purchases;

    /// <summary>How far behind the newest event raw events are kept.</summary>
    public TimeSpan Retention { get; } = retention;

    public TypePlan For(string eventType) => types.GetValueOrDefault(eventType) ?? TypePlan.Unreferenced;
}
