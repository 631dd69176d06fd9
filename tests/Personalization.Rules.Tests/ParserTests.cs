using Personalization.Rules.Syntax;

namespace Personalization.Rules.Tests;

public sealed class ParserTests
{
    [Fact]
    public void A_rule_parses_into_a_flat_and_chain_with_typed_nodes()
    {
        var rule = RuleText.Parse("country in [\"CZ\",\"SK\"] and count(purchase) >= 2 and days_since(purchase) <= 30");

        var and = Assert.IsType<LogicalExpression>(rule);
        Assert.Equal(LogicalOperator.And, and.Operator);
        Assert.Equal(3, and.Operands.Length);
        var membership = Assert.IsType<BinaryExpression>(and.Operands[0]);
        Assert.Equal(BinaryOperator.In, membership.Operator);
        Assert.Equal(new AttributeExpression("country"), membership.Left);
        Assert.Equal(new ListExpression([RuleValue.FromString("CZ"), RuleValue.FromString("SK")]), membership.Right);
        Assert.Equal(
            new BinaryExpression(BinaryOperator.GreaterOrEqual, new BehaviourExpression(BehaviourFunction.Count, "purchase", null, null, RuleWindow.Lifetime), new LiteralExpression(RuleValue.FromNumber(2))),
            and.Operands[1]);
    }

    [Theory]
    [InlineData("a or b and c", "a or b and c")]
    [InlineData("(a or b) and c", "(a or b) and c")]
    [InlineData("not a == 1", "not a == 1")]
    [InlineData("a - (b - c) > 0", "a - (b - c) > 0")]
    [InlineData("a - b - c > 0", "a - b - c > 0")]
    [InlineData("a + b * c == 7", "a + b * c == 7")]
    [InlineData("(a + b) * c == 7", "(a + b) * c == 7")]
    [InlineData("-(5) < x", "-(5) < x")]
    [InlineData("- 5 < x", "-5 < x")]
    [InlineData("age   between 18 and 30", "age between 18 and 30")]
    [InlineData("count(page_view where category == \"shoes\" ,session) >= 3", "count(page_view where category == \"shoes\", session) >= 3")]
    [InlineData("sum(purchase.value, 1440m) > 0", "sum(purchase.value, 1d) > 0")]
    [InlineData("`first name` == \"Ann\"", "`first name` == \"Ann\"")]
    [InlineData("address.city == \"Brno\"", "address.city == \"Brno\"")]
    [InlineData("`and` == 1", "`and` == 1")]
    [InlineData("count(`checkout.step`) > 0", "count(`checkout.step`) > 0")]
    [InlineData("days_since_first_seen() < 7", "days_since_first_seen < 7")]
    [InlineData("note == \"say \\\"hi\\\"\\n\"", "note == \"say \\\"hi\\\"\\n\"")]
    [InlineData("x == 1e21", "x == 1E+21")]
    public void Printing_gives_canonical_text_that_parses_back_to_the_same_tree(string rule, string printed)
    {
        var tree = RuleText.Parse(rule);

        Assert.Equal(printed, RuleText.Print(tree));
        Assert.Equal(tree, RuleText.Parse(printed));
    }

    [Fact]
    public void Operator_precedence_is_or_below_and_below_not_below_comparison_below_arithmetic()
    {
        var tree = RuleText.Parse("a == 1 or b == 2 and not c > 1 + 2 * 3");

        var or = Assert.IsType<LogicalExpression>(tree);
        Assert.Equal(LogicalOperator.Or, or.Operator);
        var and = Assert.IsType<LogicalExpression>(or.Operands[1]);
        var not = Assert.IsType<UnaryExpression>(and.Operands[1]);
        var greater = Assert.IsType<BinaryExpression>(not.Operand);
        var sum = Assert.IsType<BinaryExpression>(greater.Right);
        Assert.Equal(BinaryOperator.Add, sum.Operator);
        Assert.Equal(BinaryOperator.Multiply, Assert.IsType<BinaryExpression>(sum.Right).Operator);
    }

    [Theory]
    [InlineData("country in [\"CZ\",\"SK\"\nand count(purchase) >= 2", 2, 1, "',' or ']'", "'and'")]
    [InlineData("country in [\"CZ\",\"SK\" and count(purchase) >= 2", 1, 23, "',' or ']'", "'and'")]
    [InlineData("age >", 1, 6, "a value: a name, a literal, a list, a function call or '('", "end of rule")]
    [InlineData("age = 5", 1, 5, "'==' (comparison uses two equals signs)", "'='")]
    [InlineData("country == 'CZ'", 1, 12, "'\"' (strings use double quotes)", "'''")]
    [InlineData("(age > 5", 1, 9, "')'", "end of rule")]
    [InlineData("age > 5 AND x == 1", 1, 9, "'and', 'or' or the end of the rule", "'AND'")]
    [InlineData("count(purchase) >= 2 and", 1, 25, "a value: a name, a literal, a list, a function call or '('", "end of rule")]
    [InlineData("frobnicate(x) > 1", 1, 1, "a known function (count, sum, avg, min, max, distinct, last, days_since, minutes_since, starts_with, ends_with, lower, age_in_years, in_segment, days_since_first_seen, percentile, predicted_purchases, p_alive, predicted_clv)", "'frobnicate'")]
    [InlineData("count(purchase.value) > 1", 1, 15, "',', 'where' or ')' (count reads events, not a field)", "'.'")]
    [InlineData("sum(purchase) > 1", 1, 13, "'.' and a field (sum reads a field, e.g. purchase.value)", "')'")]
    [InlineData("count(purchase, 30x) > 1", 1, 17, "a number, or a whole number followed by m, h or d", "'30x'")]
    [InlineData("count(purchase, 0d) > 1", 1, 17, "a window longer than zero and at most 3660d", "'0d'")]
    [InlineData("days_since(purchase, 30d) > 1", 1, 20, "')' (days_since takes no window: it measures from the latest event)", "','")]
    [InlineData("count(purchase) and x", 1, 1, "a condition (compare values with ==, <, in, ...)", "'count', which is a number")]
    [InlineData("", 1, 1, "a rule", "end of rule")]
    [InlineData("x == \"open", 1, 6, "a closing '\"' on the same line", "'\"open'")]
    [InlineData("x in 5", 1, 6, "a list such as [\"a\", \"b\"] or a list attribute", "'5'")]
    [InlineData("x == [1, 2]", 1, 6, "a list of strings (a list of other literals may only follow 'in' or 'not in')", "'['")]
    [InlineData("count(page_view where count(x) > 1) > 1", 1, 23, "a function allowed inside 'where' (starts_with, ends_with, lower)", "'count'")]
    [InlineData("in_segment(vip)", 1, 12, "a segment id in double quotes", "'vip'")]
    public void A_syntax_error_names_its_line_column_what_was_expected_and_what_was_found(string rule, int line, int column, string expected, string found)
    {
        var error = Assert.Throws<RuleSyntaxException>(() => SegmentCatalog.Validate(rule));

        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Equal(expected, error.Expected);
        Assert.Equal(found, error.Found);
        Assert.Equal($"line {line}, column {column}: expected {expected} but found {found}", error.Message);
    }

    [Theory]
    [InlineData("(")]
    [InlineData("not ")]
    [InlineData("-")]
    [InlineData("lower(")]
    public void A_ten_thousand_deep_rule_fails_cleanly_instead_of_overflowing_the_stack(string opening)
    {
        var rule = string.Concat(Enumerable.Repeat(opening, 9_990 / opening.Length)) + "x";

        var error = Assert.Throws<RuleSyntaxException>(() => SegmentCatalog.Validate(rule));

        Assert.Equal($"a rule nested at most {SegmentCatalog.MaxNestingDepth} levels deep", error.Expected);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_accepted_and_one_more_level_is_not()
    {
        static string Nested(int depth) => new string('(', depth) + "x == 1" + new string(')', depth);

        SegmentCatalog.Validate(Nested(SegmentCatalog.MaxNestingDepth - 1));
        Assert.Throws<RuleSyntaxException>(() => SegmentCatalog.Validate(Nested(SegmentCatalog.MaxNestingDepth + 1)));
    }

    [Fact]
    public void A_long_arithmetic_chain_is_limited_by_the_height_of_its_tree()
    {
        var error = Assert.Throws<RuleSyntaxException>(() => SegmentCatalog.Validate(string.Join(" + ", Enumerable.Repeat("1", 100)) + " > 0"));

        Assert.Contains("nested at most", error.Expected);
    }

    [Fact]
    public void A_long_and_chain_stays_flat_and_is_accepted()
    {
        var rule = string.Join(" and ", Enumerable.Range(0, 500).Select(i => $"a{i} == {i}"));

        var tree = Assert.IsType<LogicalExpression>(RuleText.Parse(rule));

        Assert.Equal(500, tree.Operands.Length);
    }

    [Fact]
    public void Rule_length_and_list_size_are_limited()
    {
        var tooLong = "x == \"" + new string('a', SegmentCatalog.MaxRuleLength) + "\"";
        var tooLongError = Assert.Throws<RuleSyntaxException>(() => SegmentCatalog.Validate(tooLong));
        Assert.Equal($"a rule of at most {SegmentCatalog.MaxRuleLength} characters", tooLongError.Expected);
        Assert.Equal($"{tooLong.Length} characters", tooLongError.Found);

        var items = string.Join(",", Enumerable.Range(0, SegmentCatalog.MaxListItems + 1));
        var listError = Assert.Throws<RuleSyntaxException>(() => SegmentCatalog.Validate($"x in [{items}]"));
        Assert.Equal($"at most {SegmentCatalog.MaxListItems} items in a list", listError.Expected);
    }

    [Fact]
    public void Keywords_are_lower_case_so_upper_case_words_are_plain_names()
    {
        Assert.Equal(new BinaryExpression(BinaryOperator.Equal, new AttributeExpression("NOT"), new LiteralExpression(RuleValue.FromBool(true))), RuleText.Parse("NOT == true"));
    }

    [Fact]
    public void Filters_read_event_fields_not_profile_attributes()
    {
        var tree = (BinaryExpression)RuleText.Parse("count(page_view where category == \"shoes\" and value > 3, 7d) > 0");

        var behaviour = Assert.IsType<BehaviourExpression>(tree.Left);
        Assert.Equal(RuleWindow.Last(TimeSpan.FromDays(7)), behaviour.Window);
        var filter = Assert.IsType<LogicalExpression>(behaviour.Filter);
        Assert.Equal(new EventFieldExpression("category"), ((BinaryExpression)filter.Operands[0]).Left);
        Assert.Equal(new EventFieldExpression("value"), ((BinaryExpression)filter.Operands[1]).Left);
    }
}
