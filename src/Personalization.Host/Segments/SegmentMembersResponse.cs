using System.Collections.Immutable;

namespace Personalization.Host.Segments;

public sealed record SegmentMembersResponse(string SegmentId, ImmutableArray<string> Members, string? NextCursor);
