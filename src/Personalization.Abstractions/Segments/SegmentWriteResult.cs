namespace Personalization.Segments;

[GenerateSerializer, Immutable]
public sealed record SegmentWriteResult(
    [property: Id(0)] SegmentWriteStatus Status,
    [property: Id(1)] SegmentDefinition? Segment,
    [property: Id(2)] SegmentRuleError? Error);
