namespace Personalization.Rules.Syntax;

/// <summary>
/// <c>function(eventType[.field] [where filter] [, window])</c>. <see cref="Field"/> is <c>value</c> for the event's value,
/// another name for a property, or null (count, days_since, minutes_since). <see cref="Filter"/> reads the event through
/// <see cref="EventFieldExpression"/>.
/// </summary>
public sealed record BehaviourExpression(BehaviourFunction Function, string EventType, string? Field, RuleExpression? Filter, RuleWindow Window) : RuleExpression;
