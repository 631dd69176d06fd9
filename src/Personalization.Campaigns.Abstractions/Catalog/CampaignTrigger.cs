namespace Personalization.Campaigns.Catalog;

/// <param name="Rule">
/// Only for <see cref="TriggerKind.Event"/>: a condition in the rule language over the event itself, whose properties and
/// <c>value</c> read as attributes (<c>value >= 50 and category == "shoes"</c>).
/// </param>
[GenerateSerializer, Immutable]
public sealed record CampaignTrigger(
    [property: Id(0)] TriggerKind Kind,
    [property: Id(1)] string Target,
    [property: Id(2)] string? Rule = null);
