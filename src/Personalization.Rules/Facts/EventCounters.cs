namespace Personalization.Rules.Facts;

/// <summary>
/// The lifetime counters of one event type of one customer: exact, never pruned. <see cref="Sum"/>, <see cref="Average"/>,
/// <see cref="Min"/>, <see cref="Max"/> and <see cref="LastValue"/> read event values only.
/// </summary>
public sealed record EventCounters(
    long Count,
    double Sum,
    double? Average,
    double? Min,
    double? Max,
    double? LastValue,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt);
