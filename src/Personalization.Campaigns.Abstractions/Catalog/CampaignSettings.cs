using System.Collections.Immutable;

namespace Personalization.Campaigns.Catalog;

/// <summary>Everything a campaign's owner sets; <see cref="CampaignDefinition"/> adds the id and version.</summary>
/// <param name="Audience">A rule the customer must match when the trigger fires, evaluated by the customer's grain against its state.</param>
/// <param name="Content">The offer as JSON text (an object: title, code, url, ...); null when every variant that makes offers has its own.</param>
[GenerateSerializer, Immutable]
public sealed record CampaignSettings(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Description,
    [property: Id(2)] bool Enabled,
    [property: Id(3)] CampaignTrigger Trigger,
    [property: Id(4)] string? Audience,
    [property: Id(5)] string? Content,
    [property: Id(6)] OfferScope Scope,
    [property: Id(7)] TimeSpan? TimeToLive,
    [property: Id(8)] FrequencyCap? PerCustomerCap,
    [property: Id(9)] FrequencyCap? GlobalCap,
    [property: Id(10)] DateTimeOffset? StartsAt,
    [property: Id(11)] DateTimeOffset? EndsAt,
    [property: Id(12)] ConversionGoal Conversion,
    [property: Id(13)] ImmutableArray<CampaignVariant> Variants,
    [property: Id(14)] WebhookTarget? Webhook,
    [property: Id(15)] BanditAllocation? Bandit = null)
{
    /// <summary>Whether the campaign may expose customers at <paramref name="now"/>: switched on and within its dates.</summary>
    public bool IsRunning(DateTimeOffset now) => Enabled && !(now < StartsAt) && !(now >= EndsAt);

    public string ContentOf(CampaignVariant variant) =>
        variant.Content ?? Content ?? throw new InvalidOperationException($"Variant '{variant.Id}' has no offer and the campaign none to fall back on.");
}
