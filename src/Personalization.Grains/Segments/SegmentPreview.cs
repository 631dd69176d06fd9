using System.Collections.Immutable;

namespace Personalization.Segments;

/// <summary>A draft rule's matches in a sample of known customers.</summary>
public sealed record SegmentPreview(int Sampled, int Matching, ImmutableArray<string> Examples);
