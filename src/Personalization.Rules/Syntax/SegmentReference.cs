namespace Personalization.Rules.Syntax;

internal readonly record struct SegmentReference(string SegmentId, int Line, int Column);
