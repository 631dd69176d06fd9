using System.Text.Json.Nodes;
using Personalization.Rules.Facts;
using Personalization.Rules.JsonLogic;
using Personalization.Rules.Population;
using Personalization.Rules.Syntax;
using static Personalization.Rules.Tests.Given;

namespace Personalization.Rules.Tests.Population;

/// <summary><c>percentile(x)</c> in rule text, JsonLogic and compiled catalogs, against a published population.</summary>
public sealed class PercentileRuleTests
{
    private const string Spend = "sum(purchase.value, 365d)";

    [Theory]
    [InlineData("percentile(sum(purchase.value, 365d)) >= 80", "percentile(sum(purchase.value, 365d)) >= 80")]
    [InlineData("percentile( days_since(purchase) )<20", "percentile(days_since(purchase)) < 20")]
    [InlineData("percentile(count(purchase) * 2 + days_since_first_seen) between 20 and 40", "percentile(count(purchase) * 2 + days_since_first_seen) between 20 and 40")]
    [InlineData("100 - percentile(score) > 50", "100 - percentile(score) > 50")]
    public void Percentile_parses_and_prints_back_to_the_same_tree(string rule, string printed)
    {
        var tree = RuleText.Parse(rule);

        Assert.Equal(printed, RuleText.Print(tree));
        Assert.Equal(tree, RuleText.Parse(RuleText.Print(tree)));
        Assert.Equal(new FunctionExpression("percentile", [RuleText.Parse("sum(purchase.value, 365d) > 0") is BinaryExpression b ? b.Left : null!]),
            ((BinaryExpression)RuleText.Parse("percentile(sum(purchase.value, 365d)) >= 80")).Left);
    }

    [Theory]
    [InlineData("percentile(count(purchase) > 2) > 50", 1, 12, "a numeric expression")]
    [InlineData("percentile(\"x\") > 50", 1, 12, "a numeric expression")]
    [InlineData("percentile(percentile(count(purchase))) > 50", 1, 12, "without percentile or in_segment")]
    [InlineData("percentile(count(purchase), 30d) > 50", 1, 27, "')' (percentile takes 1 argument)")]
    [InlineData("percentile() > 50", 1, 12, "a value")]
    [InlineData("count(purchase where percentile(value) > 5) > 0", 1, 22, "a function allowed inside 'where'")]
    public void A_percentile_of_something_that_is_not_a_number_or_cannot_be_ranked_is_refused(string rule, int line, int column, string expected)
    {
        var error = Assert.Throws<RuleSyntaxException>(() => RuleText.Parse(rule));

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(expected, error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Percentile_in_json_logic_reads_and_writes_as_the_text_form()
    {
        const string Json = """{">=":[{"percentile":[{"sum":["purchase.value","365d"]}]},80]}""";

        Assert.Equal("percentile(sum(purchase.value, 365d)) >= 80", JsonLogicSyntax.ToRuleText(JsonNode.Parse(Json)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Json), JsonLogicSyntax.ToJsonLogic("percentile(sum(purchase.value, 365d)) >= 80")));
    }

    [Fact]
    public void A_customer_is_ranked_against_the_published_population_with_ties_at_the_minimum()
    {
        var catalog = Catalog($"percentile({Spend}) >= 80", $"percentile({Spend}) < 30", $"percentile({Spend}) == 10");
        Publish(catalog, Spend, [0, 10, 10, 20, 20, 20, 30, 40, 50, 60]);

        Assert.Equal([false, true, true], Evaluate(catalog, Spender(10)));
        Assert.Equal([false, false, false], Evaluate(catalog, Spender(20)));
        Assert.Equal([true, false, false], Evaluate(catalog, Spender(50)));
        Assert.Equal([true, false, false], Evaluate(catalog, Spender(1000)));
        Assert.Equal([false, true, false], Evaluate(catalog, Spender(0)));
    }

    [Fact]
    public void Percentile_is_null_before_the_first_refresh_and_for_a_value_that_is_not_a_number()
    {
        var catalog = Catalog("percentile(score) >= 0", "percentile(score) == null");
        Assert.Equal([false, true], Evaluate(catalog, Customer(Attr("score", 5))));

        Publish(catalog, "score", [1, 2, 3]);

        Assert.Equal([true, false], Evaluate(catalog, Customer(Attr("score", 5))));
        Assert.Equal([false, true], Evaluate(catalog, Customer(Attr("score", "high"))));
        Assert.Equal([false, true], Evaluate(catalog, Customer()));
    }

    [Fact]
    public void Identical_expressions_share_one_population_and_a_customer_measures_each()
    {
        var catalog = Catalog($"percentile({Spend}) >= 80", $"percentile(sum(purchase.value,365d)) < 20 and percentile(days_since(purchase)) < 50");
        var facts = Spender(120);

        var values = new double[catalog.PopulationExpressions.Count];
        catalog.MeasurePopulation(facts, Now, values);

        Assert.Equal([Spend, "days_since(purchase)"], catalog.PopulationExpressions);
        Assert.Equal([120, 3], values);
        var none = new double[2];
        catalog.MeasurePopulation(new CustomerFacts(), Now, none);
        Assert.Equal([0, double.NaN], none);
        Assert.Empty(Catalog("count(purchase) > 1").PopulationExpressions);
    }

    [Fact]
    public void Answers_move_only_where_a_compared_cut_point_moves()
    {
        var catalog = Catalog($"percentile({Spend}) >= 80");
        var before = Snapshot(Spend, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
        var sameCut = Snapshot(Spend, [0, 11, 19, 30, 40, 50, 65, 70, 80, 95]);
        var movedCut = Snapshot(Spend, [0, 10, 20, 30, 40, 50, 60, 75, 80, 90]);

        Assert.False(catalog.PopulationAnswersMoved(before, sameCut));
        Assert.True(catalog.PopulationAnswersMoved(before, movedCut));
        Assert.True(catalog.PopulationAnswersMoved(PopulationSnapshot.None, before));
        Assert.False(Catalog("count(purchase) > 1").PopulationAnswersMoved(PopulationSnapshot.None, before));
        Assert.True(Catalog($"percentile({Spend}) + 1 > 80").PopulationAnswersMoved(before, sameCut));
    }

    [Fact]
    public void A_moved_cut_point_affects_only_the_customers_whose_values_lie_between_its_places()
    {
        var catalog = Catalog($"percentile({Spend}) >= 80", "percentile(score) * 2 > 10");
        var before = Snapshot(Spend, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
        var after = Snapshot(Spend, [0, 10, 20, 30, 40, 50, 60, 75, 80, 90]);
        string[] expressions = [Spend, "score"];

        var change = catalog.PopulationChangeBetween(before, after);

        Assert.False(change.IsEmpty);
        Assert.False(change.Affects(expressions, [70, double.NaN]));
        Assert.True(change.Affects(expressions, [72, double.NaN]));
        Assert.True(change.Affects(expressions, [75, double.NaN]));
        Assert.False(change.Affects(expressions, [76, double.NaN]));
        Assert.False(change.Affects(expressions, [double.NaN, double.NaN]));
        Assert.True(catalog.PopulationChangeBetween(PopulationSnapshot.None, before).Affects(expressions, [1000, double.NaN]));
        var scores = new PopulationSnapshot(2, new Dictionary<string, PopulationDistribution> { ["score"] = Sketch([1, 2]).ToDistribution() });
        Assert.True(catalog.PopulationChangeBetween(before, scores).Affects(expressions, [double.NaN, -5]));
        Assert.True(catalog.PopulationChangeBetween(before, before).IsEmpty);
    }

    [Fact]
    public void A_percentile_compared_with_a_constant_agrees_with_its_cut_point_on_both_sides()
    {
        var values = Enumerable.Range(0, 500).Select(i => (double)(i * 7 % 101)).ToArray();
        var distribution = Sketch(values).ToDistribution();
        foreach (var (op, strict) in new[] { (">=", false), (">", true), ("<", false), ("<=", true) })
        {
            foreach (var percentile in new[] { 0.0, 20, 37.5, 80, 99.9, 100 })
            {
                var cut = distribution.CutPoint(percentile, strict)!.Value;
                foreach (var value in double.IsInfinity(cut) ? new[] { -1000.0, 0, 50, 1000 } : new[] { cut - 0.5, cut, cut + 0.5 })
                {
                    var rank = distribution.PercentileRank(value)!.Value;
                    var holds = op switch { ">=" => rank >= percentile, ">" => rank > percentile, "<" => rank < percentile, _ => rank <= percentile };
                    var reaches = op is ">=" or ">" ? holds : !holds;
                    Assert.True(reaches == value > cut, $"{op} {percentile}: value {value}, rank {rank}, cut {cut}");
                }
            }
        }
    }

    private static CustomerFacts Spender(double spend) =>
        spend == 0 ? new CustomerFacts() : new CustomerFacts().With(Catalog($"{Spend} > 0"), Event("purchase", Days(3), spend));

    private static bool[] Evaluate(SegmentCatalog catalog, CustomerFacts facts)
    {
        var matches = new bool[catalog.SegmentIds.Count];
        catalog.Evaluate(facts, Now, matches);
        return matches;
    }

    private static KllSketch Sketch(IEnumerable<double> values)
    {
        var sketch = new KllSketch();
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        return sketch;
    }

    private static PopulationSnapshot Snapshot(string expression, double[] values) =>
        new(1, new Dictionary<string, PopulationDistribution> { [expression] = Sketch(values).ToDistribution() });

    private static void Publish(SegmentCatalog catalog, string expression, double[] values) => catalog.Population.Publish(Snapshot(expression, values));
}
