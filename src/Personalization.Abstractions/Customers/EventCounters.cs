using System.Collections.Immutable;
using Orleans.Concurrency;
using Personalization.Rules;

namespace Personalization.Customers;

[GenerateSerializer, Immutable]
public sealed record EventCounters(
    [property: Id(0)] long Count,
    [property: Id(1)] double Sum,
    [property: Id(2)] double? Average,
    [property: Id(3)] double? Min,
    [property: Id(4)] double? Max,
    [property: Id(5)] double? LastValue,
    [property: Id(6)] DateTimeOffset FirstAt,
    [property: Id(7)] DateTimeOffset LastAt);
