using System.Text.Json;
using System.Text.Json.Nodes;
using Personalization.Rules.JsonLogic;
using Personalization.Testing;

namespace Personalization.Rules.Tests;

/// <summary>
/// Plain JsonLogic against json-logic-js, the reference implementation, on thousands of seeded random rules and data:
/// every answer (or the fact of an error) must be the same, unless a listed deliberate difference explains it. A
/// disagreement is shrunk to a smallest case before the test fails with it.
/// </summary>
public sealed class JsonLogicDifferentialTests
{
    private const int Cases = 20000;
    private const int Seed = 20261203;
    private const int MaxShrinkRounds = 300;

    [Fact]
    public void Random_rules_and_data_answer_as_json_logic_js_does()
    {
        var generator = new JsonLogicCases(Seed);
        var cases = Enumerable.Range(0, Cases).Select(_ => generator.Next()).ToList();
        using var reference = new JsonLogicReference();
        var expected = reference.Evaluate(cases);

        var disagreements = new List<string>();
        var errorsAlike = 0;
        for (var i = 0; i < cases.Count && disagreements.Count < 3; i++)
        {
            var (rule, data) = cases[i];
            var actual = Engine(rule, data);
            if (Agrees(actual, expected[i]))
            {
                errorsAlike += actual.Error is null ? 0 : 1;
                continue;
            }

            if (JsonLogicDeliberateDifferences.Explaining(rule, data, actual.Error) is null)
            {
                var (smallRule, smallData) = Shrink(reference, rule, data);
                disagreements.Add(
                    $"case {i} (seed {Seed}), shrunk to rule {Json(smallRule)} with data {Json(smallData)}: "
                    + $"engine {Describe(Engine(smallRule, smallData))}, json-logic-js {Reference(reference, smallRule, smallData).ToJsonString()}"
                    + $"{Environment.NewLine}  original rule {Json(rule)} with data {Json(data)}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join(Environment.NewLine, disagreements));

        // The cases reach the interesting parts: most answer, some are errors in both.
        Assert.InRange(errorsAlike, 1, Cases / 4);
    }

    [Fact]
    public void Every_deliberate_difference_is_documented_in_rules_md()
    {
        var rules = File.ReadAllText(RepositoryFiles.InRepository("docs/rules.md"));
        var section = rules[rules.IndexOf("## Deliberate differences from json-logic-js", StringComparison.Ordinal)..];

        foreach (var difference in JsonLogicDeliberateDifferences.All)
        {
            Assert.Contains($"**{difference.Title}**", section, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_generator_uses_every_standard_operator()
    {
        var generator = new JsonLogicCases(Seed);
        var used = Enumerable.Range(0, 500).SelectMany(_ => JsonLogicDeliberateDifferences.Operations(generator.Next().Rule)).Select(op => op.Name).ToHashSet();

        Assert.Subset(used, JsonLogicCases.Operators.ToHashSet());
        Assert.Equal(JsonLogicDeliberateDifferences.ReferenceOperators.Order(), JsonLogicCases.Operators.Order());
    }

    /// <summary>The engine's answer as the reference driver writes it: a result, or an error.</summary>
    private static (JsonNode? Result, string? Error) Engine(JsonNode? rule, JsonNode? data)
    {
        try
        {
            return (JsonLogicRule.Compile(rule).Apply(data), null);
        }
        catch (JsonLogicException e)
        {
            return (null, e.Message);
        }
    }

    private static JsonObject Reference(JsonLogicReference reference, JsonNode? rule, JsonNode? data) => reference.Evaluate([(rule, data)])[0];

    private static bool Agrees((JsonNode? Result, string? Error) actual, JsonObject expected) =>
        expected.ContainsKey("error")
            ? actual.Error is not null
            : actual.Error is null && SameJson(actual.Result, expected["result"]);

    /// <summary>JSON equality with numbers as doubles (1e+21 and 1E+21, 0 and -0 alike) and objects' members in any order.</summary>
    private static bool SameJson(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(pair => SameJson(pair.First, pair.Second)),
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(member => y.TryGetPropertyValue(member.Key, out var other) && SameJson(member.Value, other)),
        (JsonValue x, JsonValue y) when x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number =>
            x.GetValue<double>() == y.GetValue<double>(),
        (JsonValue x, JsonValue y) => x.GetValueKind() == y.GetValueKind() && x.ToJsonString() == y.ToJsonString(),
        _ => false,
    };

    /// <summary>
    /// Tries every one-step smaller case (an operation replaced by an argument, an argument, item or member left out,
    /// a value made empty), keeps the first that still disagrees for no listed reason, and repeats until none does.
    /// </summary>
    private static (JsonNode? Rule, JsonNode? Data) Shrink(JsonLogicReference reference, JsonNode? rule, JsonNode? data)
    {
        for (var round = 0; round < MaxShrinkRounds; round++)
        {
            var size = Json(rule).Length + Json(data).Length;
            var candidates = Smaller(rule).Select(r => (r, data?.DeepClone()))
                .Concat(Smaller(data).Select(d => (rule?.DeepClone(), d)))
                .Where(c => Json(c.Item1).Length + Json(c.Item2).Length < size)
                .ToList();
            var answers = reference.Evaluate(candidates);
            var next = candidates.Select((c, i) => (Case: c, Answer: answers[i]))
                .FirstOrDefault(c => Engine(c.Case.Item1, c.Case.Item2) is var actual
                    && !Agrees(actual, c.Answer)
                    && JsonLogicDeliberateDifferences.Explaining(c.Case.Item1, c.Case.Item2, actual.Error) is null);
            if (next.Answer is null)
            {
                break;
            }

            (rule, data) = next.Case;
        }

        return (rule, data);
    }

    private static IEnumerable<JsonNode?> Smaller(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject { Count: 1 } operation when operation.First() is var (name, operand):
                var args = operand is JsonArray list ? list.ToList() : [operand];
                foreach (var arg in args)
                {
                    yield return arg?.DeepClone();
                }

                for (var i = 0; i < args.Count; i++)
                {
                    yield return new JsonObject { [name] = new JsonArray([.. args.Where((_, j) => j != i).Select(a => a?.DeepClone())]) };
                }

                for (var i = 0; i < args.Count; i++)
                {
                    foreach (var smaller in Smaller(args[i]))
                    {
                        yield return new JsonObject { [name] = new JsonArray([.. args.Select((a, j) => j == i ? smaller : a?.DeepClone())]) };
                    }
                }

                break;
            case JsonObject obj:
                var members = obj.ToList();
                for (var i = 0; i < members.Count; i++)
                {
                    yield return new JsonObject(members.Where((_, j) => j != i).Select(m => KeyValuePair.Create(m.Key, m.Value?.DeepClone())));
                    foreach (var smaller in Smaller(members[i].Value))
                    {
                        yield return new JsonObject(members.Select((m, j) => KeyValuePair.Create(m.Key, j == i ? smaller : m.Value?.DeepClone())));
                    }
                }

                break;
            case JsonArray array:
                var items = array.ToList();
                for (var i = 0; i < items.Count; i++)
                {
                    yield return new JsonArray([.. items.Where((_, j) => j != i).Select(a => a?.DeepClone())]);
                    foreach (var smaller in Smaller(items[i]))
                    {
                        yield return new JsonArray([.. items.Select((a, j) => j == i ? smaller : a?.DeepClone())]);
                    }
                }

                break;
            case JsonValue value:
                yield return value.GetValueKind() switch
                {
                    JsonValueKind.String => "",
                    JsonValueKind.Number => 0,
                    _ => false,
                };
                yield return null;
                break;
        }
    }

    private static string Describe((JsonNode? Result, string? Error) outcome) =>
        outcome.Error is null ? $"{{\"result\":{Json(outcome.Result)}}}" : $"{{\"error\":{JsonSerializer.Serialize(outcome.Error)}}}";

    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";
}
