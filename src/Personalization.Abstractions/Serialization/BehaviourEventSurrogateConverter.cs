using Personalization.Rules;

namespace Personalization.Serialization;

[RegisterConverter]
public sealed class BehaviourEventSurrogateConverter : IConverter<BehaviourEvent, BehaviourEventSurrogate>
{
    public BehaviourEvent ConvertFromSurrogate(in BehaviourEventSurrogate surrogate) =>
        new(surrogate.Type, surrogate.Timestamp, surrogate.Value, surrogate.SessionId, surrogate.Properties);

    public BehaviourEventSurrogate ConvertToSurrogate(in BehaviourEvent value) => new()
    {
        Type = value.Type,
        Timestamp = value.Timestamp,
        Value = value.Value,
        SessionId = value.SessionId,
        Properties = value.Properties is null ? null : new Dictionary<string, RuleValue>(value.Properties),
    };
}
