using System.Collections.Immutable;

namespace Personalization.Host.Segments;

public sealed record SegmentPreviewResponse(int Sampled, int Matching, ImmutableArray<string> Examples);
