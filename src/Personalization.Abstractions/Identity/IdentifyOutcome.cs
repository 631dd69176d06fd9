using System.Collections.Immutable;

namespace Personalization.Identity;

/// <summary>What an identify call did, and the customer's segments after it.</summary>
/// <param name="CustomerId">The customer the anonymous id resolves to: the one asked for, or the customer it is an alias of.</param>
[GenerateSerializer, Immutable]
public sealed record IdentifyOutcome(
    [property: Id(0)] IdentifyStatus Status,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] ImmutableArray<string> Segments);
