namespace Personalization.Customers;

[GenerateSerializer, Immutable]
public sealed record TrackOutcome(
    [property: Id(0)] SegmentChange Change,
    [property: Id(1)] int DuplicatesIgnored);
