using System.Collections.Immutable;
using Orleans.Concurrency;
using Personalization.Rules;

namespace Personalization.Customers;

[GenerateSerializer, Immutable]
public sealed record TrackOutcome(
    [property: Id(0)] SegmentChange Change,
    [property: Id(1)] int DuplicatesIgnored);
