using System.Collections.Immutable;
using Personalization.Segments;

namespace Personalization.Host.Segments;

public sealed record SegmentListResponse(long CatalogVersion, ImmutableArray<SegmentDefinition> Segments);
