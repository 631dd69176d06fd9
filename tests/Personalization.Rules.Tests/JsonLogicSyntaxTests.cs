using System.Text.Json.Nodes;
using CsCheck;
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
        var customers = Gen.Select(Gen.Int[0, 120], Gen.OneOf("CZ", "SK", "DE"), Gen.Int[0, 6], Gen.Int[0, 400], (age, country, purchases, value) => (age, country, purchases, value));
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
            iter: 1000,
            print: pair => pair.Item1.ToString());
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

    private static bool Evaluate(SegmentCatalog catalog, (int Age, string Country, int Purchases, int Value) customer)
    {
        var facts = new CustomerFacts();
        facts.MergeProfile([new("age", RuleValue.FromNumber(customer.Age))]);
        facts.MergeProfile([new("country", RuleValue.FromString(customer.Country))]);
        for (var i = 0; i < customer.Purchases; i++)
        {
            facts.Record(new BehaviourEvent("purchase", Now.AddDays(-i * 9), customer.Value + i), catalog);
        }

        var matches = new bool[2];
        catalog.Evaluate(facts, Now, matches);
        return matches[catalog.SegmentIds.ToList().IndexOf("s")];
    }
}
