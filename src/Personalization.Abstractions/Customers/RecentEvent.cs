using System.Collections.Immutable;
using Personalization.Rules;

namespace Personalization.Customers;

/// <summary>
/// One of a customer's retained raw events: its type, instant (UTC), value and session, and the properties the catalog's
/// rules read (the only ones the engine keeps).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RecentEvent(
    [property: Id(0)] string Type,
    [property: Id(1)] DateTimeOffset Timestamp,
    [property: Id(2)] double? Value,
    [property: Id(3)] string? SessionId,
    [property: Id(4)] ImmutableDictionary<string, RuleValue> Properties);
