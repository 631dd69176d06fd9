using Personalization.Rules;

namespace Personalization.Serialization;

[GenerateSerializer]
public struct BehaviourEventSurrogate
{
    [Id(0)] public string Type;
    [Id(1)] public DateTimeOffset Timestamp;
    [Id(2)] public double? Value;
    [Id(3)] public string? SessionId;
    [Id(4)] public Dictionary<string, RuleValue>? Properties;
}
