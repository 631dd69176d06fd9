using System.Globalization;
using Personalization.Campaigns.Catalog;
using Personalization.Rules;
using Personalization.Rules.Syntax;

namespace Personalization.Console.Engine;

/// <summary>
/// Reads rule text back into the visual builder's conditions: a single condition, or conditions joined all by AND or all
/// by OR, each a profile comparison with a literal, a behaviour function (without a filter) compared with a literal, or
/// <c>in_segment</c>. A rule is read only when what the builder would write from it parses to the same tree as the rule
/// itself, so reading never changes a rule's meaning; anything else (nested groups, filters, arithmetic, lists) is not
/// shown in the builder.
/// </summary>
public static class RuleConditionReader
{
    /// <summary>The builder's conditions and combinator ("and" or "or"), or null when the builder cannot express the rule.</summary>
    public static (List<RuleCondition> Conditions, string Combinator)? Read(string rule)
    {
        RuleExpression parsed;
        try
        {
            parsed = RuleText.Parse(rule);
        }
        catch (RuleSyntaxException)
        {
            return null;
        }

        var (operands, combinator) = parsed is LogicalExpression logical
            ? (logical.Operands.ToList(), logical.Operator == LogicalOperator.Or ? "or" : "and")
            : ([parsed], "and");
        var conditions = new List<RuleCondition>();
        foreach (var operand in operands)
        {
            if (Condition(operand) is not { } condition)
            {
                return null;
            }

            conditions.Add(condition);
        }

        // The guard: the builder's text for these conditions must mean exactly the rule.
        try
        {
            return RuleText.Parse(RuleCondition.Join(conditions, combinator)) == parsed ? (conditions, combinator) : null;
        }
        catch (RuleSyntaxException)
        {
            return null;
        }
    }

    private static RuleCondition? Condition(RuleExpression expression) => expression switch
    {
        FunctionExpression { Name: "in_segment", Arguments: [LiteralExpression { Value.Kind: RuleValueKind.String } segment] } =>
            new RuleCondition { Kind = ConditionKind.InSegment, Subject = segment.Value.AsString },
        BinaryExpression { Left: AttributeExpression attribute, Right: LiteralExpression literal } binary when Operator(binary.Operator) is { } op && Literal(literal.Value) is { } value =>
            new RuleCondition { Kind = ConditionKind.Profile, Subject = attribute.Name, Operator = op, Value = value },
        BinaryExpression { Left: BehaviourExpression { Filter: null } behaviour, Right: LiteralExpression literal } binary
            when Operator(binary.Operator) is { } op && Function(behaviour.Function) is { } function && Literal(literal.Value) is { } value =>
            new RuleCondition
            {
                Kind = ConditionKind.Behaviour,
                Function = function,
                Subject = behaviour.EventType,
                Field = behaviour.Field ?? "value",
                Window = Window(behaviour.Window),
                Operator = op,
                Value = value,
            },
        _ => null,
    };

    private static string? Operator(BinaryOperator op) => op switch
    {
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        _ => null,
    };

    private static string? Function(BehaviourFunction function) =>
        RuleCondition.Functions.FirstOrDefault(f => string.Equals(f.Replace("_", "", StringComparison.Ordinal), function.ToString(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The value as the builder's value field holds it; the guard refuses a string the builder would not quote.</summary>
    private static string? Literal(RuleValue value) => value.Kind switch
    {
        RuleValueKind.Number => value.AsNumber.ToString("R", CultureInfo.InvariantCulture),
        RuleValueKind.String => value.AsString,
        RuleValueKind.Bool => value.AsBool ? "true" : "false",
        RuleValueKind.Null => "null",
        _ => null,
    };

    private static string Window(RuleWindow window) => window.Kind switch
    {
        RuleWindowKind.Session => "session",
        RuleWindowKind.Duration => Durations.Format(window.Length),
        _ => "",
    };
}
