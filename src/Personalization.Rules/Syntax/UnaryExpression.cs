namespace Personalization.Rules.Syntax;

public sealed record UnaryExpression(UnaryOperator Operator, RuleExpression Operand) : RuleExpression;
