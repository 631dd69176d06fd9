using System.Text.Json.Nodes;
using Personalization.Rules.JsonLogic;
using Personalization.Rules.Syntax;

namespace Personalization.Rules.Tests.Forecasts;

public sealed class ForecastFunctionSyntaxTests
{
    [Theory]
    [InlineData("predicted_purchases(90d) >= 1", "predicted_purchases(90d) >= 1")]
    [InlineData("p_alive( ) < 0.3", "p_alive() < 0.3")]
    [InlineData("predicted_clv(365d) > 100 and country == \"CZ\"", "predicted_clv(365d) > 100 and country == \"CZ\"")]
    [InlineData("predicted_purchases(1440m) > 0", "predicted_purchases(1d) > 0")]
    [InlineData("predicted_purchases(36h) > 0", "predicted_purchases(36h) > 0")]
    [InlineData("predicted_clv(30d) - predicted_clv(7d) > 5", "predicted_clv(30d) - predicted_clv(7d) > 5")]
    public void Forecasts_parse_and_print_canonically(string rule, string printed)
    {
        var tree = RuleText.Parse(rule);

        Assert.Equal(printed, RuleText.Print(tree));
        Assert.Equal(tree, RuleText.Parse(RuleText.Print(tree)));
    }

    [Fact]
    public void A_horizon_is_the_number_of_days_of_a_function_call()
    {
        var comparison = Assert.IsType<BinaryExpression>(RuleText.Parse("predicted_purchases(36h) > 0"));

        var call = Assert.IsType<FunctionExpression>(comparison.Left);
        Assert.Equal(ForecastFunctions.PredictedPurchases, call.Name);
        Assert.Equal(TimeSpan.FromHours(36), ForecastFunctions.Horizon(call));
        Assert.Equal(1.5, Assert.IsType<LiteralExpression>(Assert.Single(call.Arguments)).Value.AsNumber);
    }

    [Theory]
    [InlineData("predicted_purchases() > 1", "a horizon: a whole number followed by m, h or d (e.g. predicted_purchases(90d))", "')'")]
    [InlineData("predicted_clv(365) > 1", "a horizon: a whole number followed by m, h or d (e.g. predicted_clv(90d))", "'365'")]
    [InlineData("p_alive(30d) > 0.5", "')' (p_alive takes no arguments)", "'30d'")]
    [InlineData("predicted_purchases(90d, 30d) > 1", "')' (predicted_purchases takes one horizon)", "','")]
    [InlineData("count(purchase where p_alive() > 0.5) > 0", "a function allowed inside 'where' (starts_with, ends_with, lower)", "'p_alive'")]
    public void Wrong_forecast_calls_are_syntax_errors(string rule, string expected, string found)
    {
        var error = Assert.Throws<RuleSyntaxException>(() => RuleText.Parse(rule));

        Assert.Equal(expected, error.Expected);
        Assert.Equal(found, error.Found);
    }

    [Fact]
    public void A_horizon_past_the_longest_window_is_refused()
    {
        Assert.Throws<RuleSyntaxException>(() => RuleText.Parse("predicted_purchases(3661d) > 1"));
        Assert.Throws<RuleSyntaxException>(() => RuleText.Parse("predicted_purchases(0d) > 1"));
    }

    [Fact]
    public void A_forecast_alone_is_not_a_condition()
    {
        Assert.Throws<RuleSyntaxException>(() => RuleText.Parse("p_alive()"));
    }

    [Theory]
    [InlineData("predicted_purchases(90d) >= 1", """{">=":[{"predicted_purchases":["90d"]},1]}""")]
    [InlineData("p_alive() < 0.3", """{"<":[{"p_alive":[]},0.3]}""")]
    [InlineData("predicted_clv(36h) > 100", """{">":[{"predicted_clv":["36h"]},100]}""")]
    public void Forecasts_have_a_JsonLogic_form_in_both_directions(string rule, string json)
    {
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonLogicSyntax.ToJsonLogic(rule)), JsonLogicSyntax.ToJsonLogic(rule)!.ToJsonString());
        Assert.Equal(rule, JsonLogicSyntax.ToRuleText(JsonNode.Parse(json)));
    }

    [Theory]
    [InlineData("""{">":[{"predicted_purchases":["session"]},1]}""", "$.>[0].predicted_purchases[0]")]
    [InlineData("""{">":[{"predicted_purchases":[]},1]}""", "$.>[0].predicted_purchases")]
    [InlineData("""{">":[{"predicted_clv":["10x"]},1]}""", "$.>[0].predicted_clv[0]")]
    [InlineData("""{">":[{"p_alive":["90d"]},0.5]}""", "$.>[0].p_alive")]
    [InlineData("""{">":[{"count":["purchase","30d",{">":[{"p_alive":[]},0.5]}]},0]}""", "$.>[0].count[2].>[0].p_alive")]
    public void Wrong_forecast_calls_in_JsonLogic_are_refused_with_their_path(string json, string path)
    {
        var error = Assert.Throws<JsonLogicException>(() => JsonLogicSyntax.Parse(JsonNode.Parse(json)));

        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
    }
}
