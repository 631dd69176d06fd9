using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Personalization.Rules.JsonLogic;

namespace Personalization.Rules.Tests;

/// <summary>
/// Plain JsonLogic where a port of json-logic-js is easily wrong; each expected answer is json-logic-js 2.0.5's, written
/// as JSON.stringify writes it (the differential test checks the same on random rules). Also the limits, which are ours.
/// </summary>
public sealed class JsonLogicRuleTests
{
    private static readonly JsonSerializerOptions AsJavaScriptWrites = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Theory]
    // NaN and ±Infinity are null in JSON, and their text in cat.
    [InlineData("""{"/":[1,0]}""", "null", "null")]
    [InlineData("""{"+":[""]}""", "null", "null")]
    [InlineData("""{"cat":[{"/":[1,0]},{"/":[0,0]},{"/":[-1,0]}]}""", "null", "\"InfinityNaN-Infinity\"")]
    // cat joins null as nothing and prints numbers as JavaScript does.
    [InlineData("""{"cat":[null,"a",1e21,0.000025,-0,1e-7,123.456]}""", "null", "\"a1e+210.00002501e-7123.456\"")]
    [InlineData("""{"cat":[123456789012345680000,1.5e-7,0.000001,5e-324,1.7976931348623157e308]}""", "null", "\"1234567890123456800001.5e-70.0000015e-3241.7976931348623157e+308\"")]
    [InlineData("""{"cat":[[1,[2,null]],true]}""", "null", "\"1,2,true\"")]
    // + and * read with parseFloat; - / % and unary - with ToNumber; * of one argument is that argument.
    [InlineData("""{"+":["-1.5e1x"," .5","+2"]}""", "null", "-12.5")]
    [InlineData("""{"+":[true]}""", "null", "null")]
    [InlineData("""{"+":[[3,4]]}""", "null", "3")]
    [InlineData("""{"*":["3"]}""", "null", "\"3\"")]
    [InlineData("""{"-":["0x10",true]}""", "null", "15")]
    [InlineData("""{"-":[[]]}""", "null", "0")]
    // var: a present null is null, a step through null is the default.
    [InlineData("""{"var":["a",5]}""", """{"a":null}""", "null")]
    [InlineData("""{"var":["a.b",5]}""", """{"a":null}""", "5")]
    [InlineData("""{"var":"s.length"}""", """{"s":"héllo"}""", "5")]
    [InlineData("""{"var":"arr.01"}""", """{"arr":[1,2]}""", "null")]
    // Arrays compare as their string forms; a number against an array as numbers.
    [InlineData("""{"<":[[2],[10]]}""", "null", "false")]
    [InlineData("""{"<":[2,[10]]}""", "null", "true")]
    [InlineData("""{">=":[["b"],"a,c"]}""", "null", "true")]
    // substr truncates toward zero, takes any length, and reads a negative length as characters left off the end.
    [InlineData("""{"substr":["abcdef",-1.5]}""", "null", "\"f\"")]
    [InlineData("""{"substr":["abcdef",1,2147483648]}""", "null", "\"bcdef\"")]
    [InlineData("""{"substr":["abcdef",1,-2]}""", "null", "\"bcd\"")]
    [InlineData("""{"substr":["abcdef",1,"-2"]}""", "null", "\"\"")]
    // in: an empty haystack holds nothing, an empty needle is in any other string.
    [InlineData("""{"in":["",""]}""", "null", "false")]
    [InlineData("""{"in":["","abc"]}""", "null", "true")]
    // min and max of nothing are ∓Infinity, so null.
    [InlineData("""{"min":[]}""", "null", "null")]
    [InlineData("""{"max":[]}""", "null", "null")]
    // A left-out argument is undefined: == null, but not === null.
    [InlineData("""{"===":[null]}""", "null", "false")]
    [InlineData("""{"==":[null]}""", "null", "true")]
    // Arrays and objects are equal only to themselves.
    [InlineData("""{"==":[{"var":"a"},{"var":"a"}]}""", """{"a":[1]}""", "true")]
    [InlineData("""{"==":[[1],[1]]}""", "null", "false")]
    public void The_rule_answers_as_json_logic_js_does(string rule, string data, string expected)
    {
        var result = JsonLogicRule.Compile(JsonNode.Parse(rule)).Apply(JsonNode.Parse(data));

        Assert.Equal(expected, result?.ToJsonString(AsJavaScriptWrites) ?? "null");
    }

    [Theory]
    [InlineData("""{"*":[]}""", "null", "'*' needs at least one argument")]
    [InlineData("""{"missing_some":[1,null]}""", "null", "missing_some needs an array")]
    public void What_json_logic_js_throws_for_is_an_error(string rule, string data, string error)
    {
        var compiled = JsonLogicRule.Compile(JsonNode.Parse(rule));

        var thrown = Assert.Throws<JsonLogicException>(() => compiled.Apply(JsonNode.Parse(data)));
        Assert.StartsWith(error, thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Each step doubles the accumulator: 2^40 items, or characters.
    [InlineData("""{"reduce":[{"var":"n"},{"merge":[{"var":"accumulator"},{"var":"accumulator"}]},[1]]}""", "merge would build an array of more than 100000 items")]
    [InlineData("""{"reduce":[{"var":"n"},{"cat":[{"var":"accumulator"},{"var":"accumulator"}]},"ab"]}""", "a string would be longer than 1000000 characters")]
    // Each step wraps the accumulator in one more array.
    [InlineData("""{"reduce":[{"var":"n"},[{"var":"accumulator"}],null]}""", "a value is nested more than 60 levels deep")]
    // Compares the 2,000 items, as text, with "x" at each of 2,000 steps: 4 million items turned into text.
    [InlineData("""{"reduce":[{"var":"n"},{"if":[{"==":[{"var":"accumulator"},"x"]},0,{"var":"accumulator"}]},{"var":"n"}]}""", "the evaluation would take more than 1000000 steps")]
    // Reduces over the 2,000 items, in reduces over them, in a reduce over them.
    [InlineData("""{"reduce":[{"var":"n"},{"reduce":[{"var":"accumulator"},{"reduce":[{"var":"accumulator"},{"var":"accumulator"},{"var":"accumulator"}]},{"var":"accumulator"}]},{"var":"n"}]}""", "the evaluation would take more than 1000000 steps")]
    public void An_evaluation_past_a_limit_is_an_error_naming_the_limit(string rule, string error)
    {
        var data = JsonNode.Parse($"{{\"n\":[{string.Join(",", Enumerable.Repeat("0", 2000))}]}}");
        var compiled = JsonLogicRule.Compile(JsonNode.Parse(rule));

        var thrown = Assert.Throws<JsonLogicException>(() => compiled.Apply(data));
        Assert.Equal(error, thrown.Message);
    }

    [Fact]
    public void A_string_that_is_not_unicode_text_is_refused()
    {
        using var document = JsonDocument.Parse("""{"cat":["\ud83d"]}""");

        var thrown = Assert.Throws<JsonLogicException>(() => JsonLogicRule.Compile(document.RootElement));
        Assert.Contains("not Unicode text", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_data_is_undefined()
    {
        var rule = JsonLogicRule.Compile(JsonNode.Parse("""{"===":[{"var":""},null]}"""));

        Assert.Equal("false", rule.Apply(default(JsonElement))!.ToJsonString());
        Assert.Equal("true", rule.Apply((JsonNode?)null)!.ToJsonString());
    }
}
