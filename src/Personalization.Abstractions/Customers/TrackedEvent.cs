using Personalization.Rules;

namespace Personalization.Customers;

/// <summary>An event as delivered; a repeated <see cref="EventId"/> marks a duplicate delivery, which is counted once.</summary>
[GenerateSerializer, Immutable]
public sealed record TrackedEvent(
    [property: Id(0)] BehaviourEvent Event,
    [property: Id(1)] string? EventId = null);
