using System.Collections.Immutable;
using Personalization.Segments;

namespace Personalization.Host.Segments;

public sealed record SegmentVersionsResponse(string SegmentId, ImmutableArray<SegmentDefinition> Versions);
