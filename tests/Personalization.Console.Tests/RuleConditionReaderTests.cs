using Personalization.Console.Engine;

namespace Personalization.Console.Tests;

/// <summary>The visual builder reads back every rule it can express, as the rows it would write it from, and no other.</summary>
public sealed class RuleConditionReaderTests
{
    [Theory]
    [InlineData("age >= 30")]
    [InlineData("country == \"CZ\" and count(purchase, 30d) >= 2 and sum(purchase.value, session) > 100")]
    [InlineData("in_segment(\"high-value\") or days_since(purchase) <= 7 or max(purchase.value, 12h) > 99.5")]
    [InlineData("plan != \"free\" and vip == true")]
    [InlineData("avg(order.total, 15m) < 20")]
    public void A_rule_the_builder_can_express_reads_back_into_rows_that_write_it_again(string rule)
    {
        var read = RuleConditionReader.Read(rule);

        Assert.NotNull(read);
        Assert.Equal(rule, RuleCondition.Join(read.Value.Conditions, read.Value.Combinator));
    }

    [Fact]
    public void Rows_say_what_each_condition_compares()
    {
        var (conditions, combinator) = RuleConditionReader.Read("count(purchase, 30d) >= 2 or in_segment(\"vip\")")!.Value;

        Assert.Equal("or", combinator);
        Assert.Equal(ConditionKind.Behaviour, conditions[0].Kind);
        Assert.Equal(("count", "purchase", "30d", ">=", "2"), (conditions[0].Function, conditions[0].Subject, conditions[0].Window, conditions[0].Operator, conditions[0].Value));
        Assert.Equal(ConditionKind.InSegment, conditions[1].Kind);
        Assert.Equal("vip", conditions[1].Subject);
    }

    [Theory]
    [InlineData("age >= 30 and (country == \"CZ\" or country == \"SK\")")]
    [InlineData("count(purchase where value > 10, 30d) >= 2")]
    [InlineData("country in [\"CZ\", \"SK\"]")]
    [InlineData("age + 1 > 30")]
    [InlineData("zip == \"12345\"")]
    [InlineData("not in_segment(\"vip\")")]
    public void A_valid_rule_the_builder_cannot_express_is_not_read(string rule)
    {
        Personalization.Rules.SegmentCatalog.Validate(rule);

        Assert.Null(RuleConditionReader.Read(rule));
    }

    [Fact]
    public void A_rule_that_does_not_parse_is_not_read() => Assert.Null(RuleConditionReader.Read("age >="));
}
