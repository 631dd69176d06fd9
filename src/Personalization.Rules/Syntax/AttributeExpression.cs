namespace Personalization.Rules.Syntax;

/// <summary>A profile attribute, by its exact (case-sensitive) name.</summary>
public sealed record AttributeExpression(string Name) : RuleExpression;
