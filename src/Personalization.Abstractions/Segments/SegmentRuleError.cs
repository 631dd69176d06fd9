namespace Personalization.Segments;

/// <summary>Why a rule was refused, with its 1-based position when the error has one.</summary>
[GenerateSerializer, Immutable]
public sealed record SegmentRuleError(
    [property: Id(0)] string Message,
    [property: Id(1)] int? Line,
    [property: Id(2)] int? Column);
