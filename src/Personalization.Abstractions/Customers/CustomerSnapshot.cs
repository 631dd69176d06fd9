using System.Collections.Immutable;
using Personalization.Rules;
using Personalization.Rules.Facts;

namespace Personalization.Customers;

[GenerateSerializer, Immutable]
public sealed record CustomerSnapshot(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] ImmutableDictionary<string, RuleValue> Profile,
    [property: Id(2)] ImmutableDictionary<string, EventCounters> Counters,
    [property: Id(3)] ImmutableArray<string> Segments,
    [property: Id(4)] DateTimeOffset? FirstSeen,
    [property: Id(5)] DateTimeOffset? LastSeen);
