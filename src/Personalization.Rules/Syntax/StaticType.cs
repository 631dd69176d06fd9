namespace Personalization.Rules.Syntax;

/// <summary>What an expression yields when that is known from its shape alone; attributes and event fields are unknown until evaluation.</summary>
internal static class StaticType
{
    public static StaticKind Of(RuleExpression expression) => expression switch
    {
        LiteralExpression literal => literal.Value.Kind switch
        {
            RuleValueKind.Null => StaticKind.Null,
            RuleValueKind.Bool => StaticKind.Bool,
            RuleValueKind.Number => StaticKind.Number,
            _ => StaticKind.String,
        },
        ListExpression => StaticKind.List,
        UnaryExpression { Operator: UnaryOperator.Not } => StaticKind.Bool,
        UnaryExpression => StaticKind.Number,
        BinaryExpression binary => binary.Operator >= BinaryOperator.Add ? StaticKind.Number : StaticKind.Bool,
        LogicalExpression or BetweenExpression => StaticKind.Bool,
        FunctionExpression { Name: "starts_with" or "ends_with" or "in_segment" } => StaticKind.Bool,
        FunctionExpression { Name: "lower" } => StaticKind.String,
        FunctionExpression => StaticKind.Number,
        BehaviourExpression { Function: BehaviourFunction.Last } => StaticKind.Unknown,
        BehaviourExpression => StaticKind.Number,
        _ => StaticKind.Unknown,
    };

    public static string Describe(StaticKind kind) => kind switch
    {
        StaticKind.Null => "null",
        StaticKind.Number => "a number",
        StaticKind.String => "a string",
        StaticKind.List => "a list",
        _ => "a value",
    };
}
