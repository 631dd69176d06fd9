using System.Collections.Immutable;
using Personalization.Membership;

namespace Personalization.Segments;

/// <summary>A segment's current size and its entries and exits per hour, oldest hour first.</summary>
public sealed record SegmentStats(string SegmentId, int Size, ImmutableArray<HourlyMembershipChanges> Hours);
