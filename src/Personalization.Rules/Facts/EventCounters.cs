namespace Personalization.Rules;

/// <summary>Lifetime counters of one event type. <see cref="Sum"/>, <see cref="Min"/>, <see cref="Max"/>, <see cref="Average"/> and <see cref="LastValue"/> read event values only.</summary>
public sealed record EventTypeSummary(
    long Count,
    double Sum,
    double? Min,
    double? Max,
    double? Average,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt,
    double? LastValue);
