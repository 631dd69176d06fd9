namespace Personalization.Rules.Syntax;

/// <summary><c>value between low and high</c>, both ends inclusive.</summary>
public sealed record BetweenExpression(RuleExpression Value, RuleExpression Low, RuleExpression High) : RuleExpression;
