using System.Collections.Immutable;

namespace Personalization.Customers;

/// <summary>
/// What one interaction did to a customer: the events it recorded (duplicates excluded) and the segments it
/// entered and exited, with the membership after it. Handed to <c>ICustomerActivityListener</c>s such as campaigns.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CustomerActivity(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] ImmutableArray<TrackedEvent> Events,
    [property: Id(2)] ImmutableArray<string> Entered,
    [property: Id(3)] ImmutableArray<string> Exited,
    [property: Id(4)] ImmutableArray<string> Segments,
    [property: Id(5)] DateTimeOffset At);
