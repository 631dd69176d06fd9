namespace Personalization.Campaigns.Catalog;

/// <summary>
/// Variants allocated by Thompson sampling on conversion instead of by fixed weights: every
/// <see cref="UpdateInterval"/> each variant's share of new customers becomes its chance of converting best, with a
/// floor of <c>ThompsonSampling.DefaultFloor</c> per variant. A customer keeps the variant it was first exposed to.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BanditAllocation([property: Id(0)] TimeSpan UpdateInterval);
