using System.Text.Json.Nodes;
using CsCheck;
using Personalization.Rules.Facts;
using Personalization.Rules.JsonLogic;
using Personalization.Rules.Syntax;

namespace Personalization.Rules.Tests;

/// <summary>Segment rules as JsonLogic: the same tree as the text form, both ways, on random rules and data.</summary>
public sealed class JsonLogicSyntaxTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Writing_a_rule_as_json_logic_and_reading_it_back_gives_the_same_tree()
    {
        PropertyTests.CustomerScope[PropertyTests.Depth].Condition.Sample(
            rule =>
            {
                // Through text, so the JSON is what a client would send.
                var json = JsonNode.Parse(JsonLogicSyntax.Write(rule)!.ToJsonString());
                Assert.Equal(rule, JsonLogicSyntax.Parse(json));
            },
            iter: 3000,
            print: rule => rule.ToString());
    }

    [Fact]
    public void Text_and_json_logic_forms_agree_on_random_rules_and_data()
    {
        var rules = PropertyTests.CustomerScope[PropertyTests.Depth].Condition;
        var customers = Gen.Select(EdgeValue, EdgeValue, EdgeValue, Gen.OneOf("CZ", "SK", "DE", ""), Gen.Int[0, 6], PurchaseValue,
            (age, x1, value, country, purchases, purchaseValue) => new Customer(age, x1, value, country, purchases, purchaseValue));
        Gen.Select(rules, customers).Sample(
            pair =>
            {
                var (rule, customer) = pair;
                var text = RuleText.Print(rule);
                var fromJson = JsonLogicSyntax.ToRuleText(JsonNode.Parse(JsonLogicSyntax.ToJsonLogic(text)!.ToJsonString()));
                var textCatalog = SegmentCatalog.Compile(1, [new SegmentRule("target", "age > 50"), new SegmentRule("s", text)]);
                var jsonCatalog = SegmentCatalog.Compile(1, [new SegmentRule("target", "age > 50"), new SegmentRule("s", fromJson)]);

                Assert.Equal(Evaluate(textCatalog, customer), Evaluate(jsonCatalog, customer));
            },
            iter: 1500,
            print: pair => $"{pair.Item1} with {pair.Item2}");
    }

    [Theory]
    [InlineData("""{"and":[{"in":[{"var":"country"},["CZ","SK"]]},{">=":[{"count":["purchase"]},2]},{"<=":[{"days_since":["purchase"]},30]}]}""",
        "country in [\"CZ\", \"SK\"] and count(purchase) >= 2 and days_since(purchase) <= 30")]
    [InlineData("""{">=":[{"count":["page_view","session",{"==":[{"var":"category"},"shoes"]}]},3]}""",
        "count(page_view where category == \"shoes\", session) >= 3")]
    [InlineData("""{"<=":[100,{"sum":["purchase.value","90d"]},1000]}""", "sum(purchase.value, 90d) between 100 and 1000")]
    [InlineData("""{"===":[{"var":"tier"},"gold"]}""", "tier == \"gold\"")]
    public void Json_logic_from_a_query_builder_reads_as_the_rule_text(string jsonLogic, string text)
    {
        Assert.Equal(text, JsonLogicSyntax.ToRuleText(JsonNode.Parse(jsonLogic)));
    }

    [Theory]
    [InlineData("""{"if":[true,1,2]}""", "$.if: 'if' is not an operator of segment rules")]
    [InlineData("""{"count":["purchase","3w"]}""", "$.count[1]: '3w' is not a window")]
    [InlineData("""{"count":["purchase",""]}""", "$.count[1]: '' is not a window")]
    [InlineData("""{"var":["age",0]}""", "$.var: var takes one non-empty name")]
    [InlineData("""{"==":[1]}""", "$.==: takes 2 operands, not 1")]
    [InlineData("""{"a":1,"b":2}""", "$: an operation must be an object with exactly one operator")]
    public void A_rule_that_is_not_a_segment_rule_is_refused_naming_the_place(string jsonLogic, string error)
    {
        var refused = Assert.Throws<JsonLogicException>(() => JsonLogicSyntax.Parse(JsonNode.Parse(jsonLogic)));

        Assert.StartsWith(error, refused.Message);
    }

    [Fact]
    public void A_json_logic_rule_nested_too_deep_is_refused_without_overflowing_the_stack()
    {
        var deep = string.Concat(Enumerable.Repeat("""{"!":[""", 10_000)) + "true" + string.Concat(Enumerable.Repeat("]}", 10_000));

        var refused = Assert.Throws<JsonLogicException>(() => JsonLogicSyntax.Parse(JsonNode.Parse(deep, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 30_000 })));

        Assert.Contains("nested more than", refused.Message);
    }

    /// <summary>
    /// Attribute values where conversions and arithmetic go wrong: missing, "", a numeric prefix, text that a
    /// JavaScript conversion would read as a number, -0, the extremes of a double, a date, lists, booleans.
    /// </summary>
    private static readonly Gen<RuleValue> EdgeValue = Gen.OneOf(
        Gen.Const(RuleValue.Null),
        Gen.OneOf("", "12abc", " 1 ", "0x10", "Infinity", "NaN", "1e3", "null", "2024-01-01", "CZ").Select(RuleValue.FromText),
        Gen.OneOf(0.0, -0.0, 1, -1, 0.5, 34, 1e21, 1e308, -1e308, 5e-324, double.MaxValue).Select(RuleValue.FromNumber),
        Gen.Bool.Select(RuleValue.FromBool),
        Gen.OneOf<string[]>([], [""], ["CZ", "2024-01-01"], ["1", "12abc"]).Select(items => RuleValue.FromStrings(items)),
        Gen.Int[-1000, 1000].Select(i => RuleValue.FromNumber(i)));

    private static readonly Gen<double> PurchaseValue = Gen.OneOf(Gen.Int[0, 400].Select(i => (double)i), Gen.OneOf(-0.0, 1e308, double.MaxValue, 5e-324, -1e308));

    private static bool Evaluate(SegmentCatalog catalog, Customer customer)
    {
        var facts = new CustomerFacts();
        foreach (var (name, value) in new[] { ("age", customer.Age), ("x1", customer.X1), ("value", customer.Value), ("country", RuleValue.FromString(customer.Country)) })
        {
            if (!value.IsNull)
            {
                facts.MergeProfile([new(name, value)]);
            }
        }

        // Events of the types the rule names, valued at the edges too (1e308 twice overflows a sum).
        for (var i = 0; i < customer.Purchases; i++)
        {
            foreach (var type in catalog.EventTypes.Take(3).Append("purchase"))
            {
                var properties = new Dictionary<string, RuleValue> { ["value"] = customer.Value, ["x1"] = customer.X1 };
                facts.Record(new BehaviourEvent(type, Now.AddDays(-i * 9), customer.PurchaseValue + i, i % 2 == 0 ? "s" : null, properties), catalog);
            }
        }

        var matches = new bool[2];
        catalog.Evaluate(facts, Now, matches);
        return matches[catalog.SegmentIds.ToList().IndexOf("s")];
    }

    private sealed record Customer(RuleValue Age, RuleValue X1, RuleValue Value, string Country, int Purchases, double PurchaseValue);
}
