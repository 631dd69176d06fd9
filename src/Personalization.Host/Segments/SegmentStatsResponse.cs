using System.Collections.Immutable;
using Personalization.Membership;

namespace Personalization.Host.Segments;

public sealed record SegmentStatsResponse(string SegmentId, int Size, ImmutableArray<HourlyMembershipChanges> Hours);
