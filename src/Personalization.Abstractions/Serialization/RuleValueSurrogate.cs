using Personalization.Rules;

namespace Personalization.Serialization;

// The rule library has no Orleans reference, so its types cross the wire through surrogates.
[GenerateSerializer]
public struct RuleValueSurrogate
{
    [Id(0)] public RuleValueKind Kind;
    [Id(1)] public bool Bool;
    [Id(2)] public double Number;
    [Id(3)] public string? Text;
    [Id(4)] public string[]? Strings;
    [Id(5)] public DateTimeOffset Date;
}

[RegisterConverter]
public sealed class RuleValueSurrogateConverter : IConverter<RuleValue, RuleValueSurrogate>
{
    public RuleValue ConvertFromSurrogate(in RuleValueSurrogate surrogate) => surrogate.Kind switch
    {
        RuleValueKind.Bool => RuleValue.FromBool(surrogate.Bool),
        RuleValueKind.Number => RuleValue.FromNumber(surrogate.Number),
        RuleValueKind.String => RuleValue.FromString(surrogate.Text!),
        RuleValueKind.StringList => RuleValue.FromStrings(surrogate.Strings!),
        RuleValueKind.Date => RuleValue.FromDate(surrogate.Date),
        _ => RuleValue.Null,
    };

    public RuleValueSurrogate ConvertToSurrogate(in RuleValue value) => value.Kind switch
    {
        RuleValueKind.Bool => new() { Kind = value.Kind, Bool = value.AsBool },
        RuleValueKind.Number => new() { Kind = value.Kind, Number = value.AsNumber },
        RuleValueKind.String => new() { Kind = value.Kind, Text = value.AsString },
        RuleValueKind.StringList => new() { Kind = value.Kind, Strings = [.. value.AsStrings] },
        RuleValueKind.Date => new() { Kind = value.Kind, Date = value.AsDate },
        _ => new() { Kind = RuleValueKind.Null },
    };
}

[GenerateSerializer]
public struct BehaviourEventSurrogate
{
    [Id(0)] public string Type;
    [Id(1)] public DateTimeOffset Timestamp;
    [Id(2)] public double? Value;
    [Id(3)] public string? SessionId;
    [Id(4)] public Dictionary<string, RuleValue>? Properties;
}

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
