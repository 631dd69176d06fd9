namespace Personalization.Rules.Syntax;

/// <summary>Inside a <c>where</c> filter: a property of the event, or the event's value when <see cref="Name"/> is <c>value</c>.</summary>
public sealed record EventFieldExpression(string Name) : RuleExpression;
