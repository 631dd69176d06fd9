using System.Text.Json.Nodes;

namespace Personalization.Rules.Tests;

/// <summary>
/// Where plain JsonLogic here answers unlike json-logic-js on purpose: the one list, which docs/rules.md mirrors under
/// "Deliberate differences from json-logic-js" (a test checks each title is there). The differential test accepts a
/// disagreement only when one of these explains it.
/// </summary>
internal static class JsonLogicDeliberateDifferences
{
    /// <summary>The operators json-logic-js 2.0.5 has; anything else is an alias or unknown.</summary>
    public static readonly HashSet<string> ReferenceOperators =
    [
        "==", "===", "!=", "!==", ">", ">=", "<", "<=", "!!", "!", "%", "log", "in", "cat", "substr", "+", "*", "-", "/", "min",
        "max", "merge", "var", "missing", "missing_some", "if", "?:", "and", "or", "filter", "map", "reduce", "all", "none", "some",
    ];

    public static readonly HashSet<string> Aliases =
    [
        "equal", "strictEqual", "notEqual", "strictNotEqual", "greater", "greaterOrEqual", "less", "lessOrEqual",
        "booleanCasting", "not", "modulo", "add", "multiply", "substract", "divide",
    ];

    /// <summary>Names JavaScript finds on every object, string, array or number through its prototype.</summary>
    private static readonly HashSet<string> PrototypeNames =
    [
        "constructor", "__proto__", "toString", "toLocaleString", "valueOf", "hasOwnProperty", "isPrototypeOf",
        "propertyIsEnumerable", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__",
    ];

    public static readonly Difference[] All =
    [
        new("The official suite's named operators",
            (rule, _, _) => Operations(rule).Any(op => Aliases.Contains(op.Name))),
        new("Unknown operators are refused when the rule is compiled",
            (rule, _, _) => Operations(rule).Any(op => !ReferenceOperators.Contains(op.Name) && !Aliases.Contains(op.Name))),
        new("Only own members",
            (rule, _, _) => Strings(rule).Any(text => text.Split('.').Any(PrototypeNames.Contains))),
        new("Values are not read as rules again",
            (rule, _, _) => Operations(rule).Any(op => op.Name is "missing" or "missing_some" && op.Arguments.Any(arg => Operations(arg).Any()))),
        new("Limits",
            (_, _, engineError) => engineError is not null && engineError.Contains("more than", StringComparison.Ordinal)),

        // A result's half surrogate pair the reference driver already writes as U+FFFD, as the engine does.
        new("Strings are Unicode text",
            (_, _, engineError) => engineError is not null && engineError.Contains("not Unicode text", StringComparison.Ordinal)),
    ];

    /// <summary>The first listed difference that explains a disagreement on this case, or null.</summary>
    public static Difference? Explaining(JsonNode? rule, JsonNode? data, string? engineError) =>
        All.FirstOrDefault(difference => difference.Applies(rule, data, engineError));

    /// <summary>Every operation of a rule, outermost first, with its arguments.</summary>
    public static IEnumerable<(string Name, JsonNode?[] Arguments)> Operations(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject { Count: 1 } operation:
                var (name, operand) = operation.First();
                var arguments = operand is JsonArray list ? list.ToArray() : [operand];
                yield return (name, arguments);
                foreach (var inner in arguments.SelectMany(Operations))
                {
                    yield return inner;
                }

                break;
            case JsonObject obj:
                foreach (var inner in obj.SelectMany(member => Operations(member.Value)))
                {
                    yield return inner;
                }

                break;
            case JsonArray array:
                foreach (var inner in array.SelectMany(Operations))
                {
                    yield return inner;
                }

                break;
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(member => Strings(member.Value).Prepend(member.Key)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    /// <summary>One deliberate difference: its title in docs/rules.md, and whether a case falls under it.</summary>
    public sealed record Difference(string Title, Func<JsonNode?, JsonNode?, string?, bool> Applies);
}
