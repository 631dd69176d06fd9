namespace Personalization.Rules.Syntax;

internal sealed record ParsedRule(RuleExpression Expression, IReadOnlyList<SegmentReference> References);
