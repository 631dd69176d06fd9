namespace Personalization.Rules.Syntax;

/// <summary>A null, bool, number or string literal. Date literals are strings; they are read as dates when compared with a date.</summary>
public sealed record LiteralExpression(RuleValue Value) : RuleExpression;
