namespace Personalization.Campaigns.Catalog;

/// <summary>An exposure converts when an event of <see cref="EventType"/> follows it within <see cref="Window"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record ConversionGoal(
    [property: Id(0)] string EventType,
    [property: Id(1)] TimeSpan Window)
{
    public static ConversionGoal Default { get; } = new("purchase", TimeSpan.FromDays(7));
}
