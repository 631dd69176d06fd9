using Personalization.Rules;

namespace Personalization.Serialization;

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
