namespace Personalization.Campaigns.Catalog;

/// <summary>At most <see cref="Count"/> exposures in any <see cref="Period"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record FrequencyCap(
    [property: Id(0)] int Count,
    [property: Id(1)] TimeSpan Period);
