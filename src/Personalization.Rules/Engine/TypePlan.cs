using Personalization.Rules.Facts;

namespace Personalization.Rules.Engine;

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
