namespace Personalization.Rules.Engine;

/// <summary>What a catalog's rules need recorded beyond the lifetime counters: retained properties, derived aggregates, retention.</summary>
internal sealed class RecordingPlan(TimeSpan retention, Dictionary<string, TypePlan> types)
{
    /// <summary>How far behind the newest event raw events are kept.</summary>
    public TimeSpan Retention { get; } = retention;

    public TypePlan For(string eventType) => types.GetValueOrDefault(eventType) ?? TypePlan.Unreferenced;
}

internal sealed class TypePlan(bool referenced, string[] retainedProperties, DerivedSpec[] derived)
{
    public static readonly TypePlan Unreferenced = new(false, [], []);

    private readonly HashSet<string> derivedKeys = new(derived.Select(d => d.Key), StringComparer.Ordinal);

    /// <summary>Some rule names this type, so it is tracked even past <see cref="BehaviourLedger.MaxTrackedEventTypes"/>.</summary>
    public bool Referenced { get; } = referenced;

    public string[] RetainedProperties { get; } = retainedProperties;

    public DerivedSpec[] Derived { get; } = derived;

    public bool HasDerived(string key) => derivedKeys.Contains(key);
}

/// <summary>A lifetime aggregate a rule reads: <paramref name="Field"/> of the events passing <paramref name="Filter"/>.</summary>
internal sealed record DerivedSpec(string Key, string? Field, Condition? Filter, bool KeepsDistinct);
