using System.Collections.Immutable;

namespace Personalization.Segments;

/// <summary>All definitions at one catalog version; the version increases with every change.</summary>
[GenerateSerializer, Immutable]
public sealed record SegmentCatalogSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableArray<SegmentDefinition> Segments);
