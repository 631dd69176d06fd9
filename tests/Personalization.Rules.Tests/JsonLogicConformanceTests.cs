using System.Text.Json;
using System.Text.Json.Nodes;
using Personalization.Rules.JsonLogic;
using Personalization.Testing;

namespace Personalization.Rules.Tests;

/// <summary>Every case of the shared JsonLogic conformance suite (../shared/conformance/jsonlogic/tests.json).</summary>
public sealed class JsonLogicConformanceTests
{
    public static TheoryData<int, string, string, string> Cases()
    {
        var data = new TheoryData<int, string, string, string>();
        var index = 0;
        foreach (var entry in JsonNode.Parse(File.ReadAllText(RepositoryFiles.Shared("conformance/jsonlogic/tests.json")))!.AsArray())
        {
            // String entries are section headings.
            if (entry is JsonArray testCase)
            {
                data.Add(index, Json(testCase[0]), Json(testCase[1]), Json(testCase[2]));
            }

            index++;
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_suite_case_gives_the_expected_result(int index, string rule, string data, string expected)
    {
        var result = JsonLogicRule.Compile(JsonNode.Parse(rule)).Apply(JsonNode.Parse(data));

        Assert.True(
            JsonNode.DeepEquals(Normalize(JsonNode.Parse(expected)), Normalize(result)),
            $"case {index}: {rule} with {data} gave {Json(result)}, expected {expected}");
    }

    [Fact]
    public void The_suite_is_there_whole()
    {
        Assert.Equal(290, Cases().Count());
    }

    [Fact]
    public void An_unknown_operator_and_a_too_deep_rule_are_refused_with_a_reason()
    {
        var unknown = Assert.Throws<JsonLogicException>(() => JsonLogicRule.Compile(JsonNode.Parse("""{"frobnicate":[1]}""")));
        Assert.Contains("frobnicate", unknown.Message);

        var deep = string.Concat(Enumerable.Repeat("""{"!":[""", 10_000)) + "true" + string.Concat(Enumerable.Repeat("]}", 10_000));
        var tooDeep = Assert.Throws<JsonLogicException>(() => JsonLogicRule.Compile(JsonNode.Parse(deep, documentOptions: new JsonDocumentOptions { MaxDepth = 30_000 })));
        Assert.Contains("nested", tooDeep.Message);
    }

    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";

    // 1 and 1.0 are the same JSON number.
    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonArray array => new JsonArray(array.Select(Normalize).ToArray()),
        JsonObject obj => new JsonObject(obj.Select(pair => KeyValuePair.Create(pair.Key, Normalize(pair.Value)))),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => JsonValue.Create(value.GetValue<double>()),
        _ => node?.DeepClone(),
    };
}
