using Personalization.Rules.Facts;

namespace Personalization.Serialization;

/// <summary>Carries the rules library's <see cref="EventCounters"/>, which has no Orleans reference, across the wire.</summary>
[RegisterConverter]
public sealed class EventCountersSurrogateConverter : IConverter<EventCounters, EventCountersSurrogate>
{
    public EventCounters ConvertFromSurrogate(in EventCountersSurrogate surrogate) =>
        new(surrogate.Count, surrogate.Sum, surrogate.Average, surrogate.Min, surrogate.Max, surrogate.LastValue, surrogate.FirstAt, surrogate.LastAt);

    public EventCountersSurrogate ConvertToSurrogate(in EventCounters value) => new()
    {
        Count = value.Count,
        Sum = value.Sum,
        Average = value.Average,
        Min = value.Min,
        Max = value.Max,
        LastValue = value.LastValue,
        FirstAt = value.FirstAt,
        LastAt = value.LastAt,
    };
}
