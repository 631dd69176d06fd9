namespace Personalization.Membership;

/// <summary>A customer entered or exited a segment. Published on the segment-membership stream.</summary>
/// <param name="Sequence">Increases with every change the customer publishes, so consumers can drop a stale, reordered one.</param>
[GenerateSerializer, Immutable]
public sealed record SegmentMembershipChanged(
    [property: Id(0)] string SegmentId,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] bool Entered,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] long Sequence);
