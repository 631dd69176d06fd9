namespace Personalization.Rules.Syntax;

public sealed record BinaryExpression(BinaryOperator Operator, RuleExpression Left, RuleExpression Right) : RuleExpression;
