namespace Personalization.Rules;

/// <summary>One interaction. <see cref="Value"/> is what <c>purchase.value</c> reads; <see cref="Properties"/> what <c>purchase.category</c> reads.</summary>
public sealed record BehaviourEvent(
    string Type,
    DateTimeOffset Timestamp,
    double? Value = null,
    string? SessionId = null,
    IReadOnlyDictionary<string, RuleValue>? Properties = null);
