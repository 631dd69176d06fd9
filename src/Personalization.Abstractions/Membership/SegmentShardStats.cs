using System.Collections.Immutable;

namespace Personalization.Membership;

[GenerateSerializer, Immutable]
public sealed record SegmentShardStats(
    [property: Id(0)] int Size,
    [property: Id(1)] ImmutableArray<HourlyMembershipChanges> Hours);
