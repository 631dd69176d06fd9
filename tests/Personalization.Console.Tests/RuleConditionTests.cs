using Personalization.Console.Engine;
using Personalization.Rules;

namespace Personalization.Console.Tests;

/// <summary>What the visual builder writes is rule text the engine's parser accepts and means what the builder shows.</summary>
public sealed class RuleConditionTests
{
    [Fact]
    public void Conditions_join_into_rule_text_the_parser_accepts()
    {
        RuleCondition[] conditions =
        [
            new() { Kind = ConditionKind.Profile, Subject = "country", Operator = "==", Value = "CZ" },
            new() { Kind = ConditionKind.Behaviour, Function = "count", Subject = "purchase", Window = "30d", Operator = ">=", Value = "2" },
            new() { Kind = ConditionKind.Behaviour, Function = "sum", Subject = "purchase", Field = "value", Window = "session", Operator = ">", Value = "100" },
            new() { Kind = ConditionKind.InSegment, Subject = "high-value" },
        ];

        var and = RuleCondition.Join(conditions[..3], "and");
        var or = RuleCondition.Join(conditions, "or");

        Assert.Equal("country == \"CZ\" and count(purchase, 30d) >= 2 and sum(purchase.value, session) > 100", and);
        Assert.EndsWith(" or in_segment(\"high-value\")", or);
        SegmentCatalog.Validate(and);
        SegmentCatalog.Compile(1, [new SegmentRule("high-value", "count(purchase) > 0"), new SegmentRule("draft", or)]);
    }

    [Fact]
    public void A_quote_in_a_value_is_escaped()
    {
        var condition = new RuleCondition { Subject = "city", Operator = "==", Value = "O\"Brien" };

        Assert.Equal("city == \"O\\\"Brien\"", condition.ToRuleText());
        SegmentCatalog.Validate(condition.ToRuleText());
    }

    [Fact]
    public void A_line_diff_keeps_common_lines_and_marks_removed_and_added_ones()
    {
        var diff = LineDiff.Compare("a\nb\nc", "a\nx\nc");

        Assert.Equal([new DiffLine(' ', "a"), new DiffLine('-', "b"), new DiffLine('+', "x"), new DiffLine(' ', "c")], diff);
    }
}
