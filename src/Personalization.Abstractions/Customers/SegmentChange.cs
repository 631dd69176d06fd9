using System.Collections.Immutable;

namespace Personalization.Customers;

/// <summary>The customer's segments after a change, and which were entered and exited by it.</summary>
[GenerateSerializer, Immutable]
public sealed record SegmentChange(
    [property: Id(0)] ImmutableArray<string> Segments,
    [property: Id(1)] ImmutableArray<string> Entered,
    [property: Id(2)] ImmutableArray<string> Exited);
