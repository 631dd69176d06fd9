namespace Personalization.Membership;

/// <summary>Entries and exits in the hour starting at <see cref="Hour"/> (UTC).</summary>
[GenerateSerializer, Immutable]
public sealed record HourlyMembershipChanges(
    [property: Id(0)] DateTimeOffset Hour,
    [property: Id(1)] int Entries,
    [property: Id(2)] int Exits);
