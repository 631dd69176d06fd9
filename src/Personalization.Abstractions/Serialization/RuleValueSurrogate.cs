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
