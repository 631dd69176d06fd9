namespace Personalization.Segments;

[GenerateSerializer, Immutable]
public sealed record SegmentDraft(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Description,
    [property: Id(3)] string Rule);
