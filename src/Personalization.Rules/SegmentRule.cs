namespace Personalization.Rules;

public sealed record SegmentRule(string SegmentId, string Rule);
