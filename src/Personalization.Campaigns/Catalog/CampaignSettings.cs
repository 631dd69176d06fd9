using System.Collections.Immutable;

namespace Personalization.Campaigns;

public enum TriggerKind
{
    /// <summary>The customer entered the segment named by <see cref="CampaignTrigger.Target"/>.</summary>
    SegmentEntered,

    /// <summary>The customer left the segment named by <see cref="CampaignTrigger.Target"/>.</summary>
    SegmentExited,

    /// <summary>An event of the type named by <see cref="CampaignTrigger.Target"/> was recorded, and <see cref="CampaignTrigger.Rule"/> holds for it.</summary>
    Event,
}

/// <param name="Rule">
/// Only for <see cref="TriggerKind.Event"/>: a condition in the rule language over the event itself, whose properties and
/// <c>value</c> read as attributes (<c>value >= 50 and category == "shoes"</c>).
/// </param>
[GenerateSerializer, Immutable]
public sealed record CampaignTrigger(
    [property: Id(0)] TriggerKind Kind,
    [property: Id(1)] string Target,
    [property: Id(2)] string? Rule = null);

public enum OfferScope
{
    /// <summary>The offer lasts while the session it was made in does.</summary>
    Session,

    /// <summary>The offer lasts <see cref="CampaignSettings.TimeToLive"/> from when it was made.</summary>
    TimeToLive,
}

/// <summary>At most <see cref="Count"/> exposures in any <see cref="Period"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record FrequencyCap(
    [property: Id(0)] int Count,
    [property: Id(1)] TimeSpan Period);

/// <summary>An exposure converts when an event of <see cref="EventType"/> follows it within <see cref="Window"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record ConversionGoal(
    [property: Id(0)] string EventType,
    [property: Id(1)] TimeSpan Window)
{
    public static ConversionGoal Default { get; } = new("purchase", TimeSpan.FromDays(7));
}

/// <param name="Content">The offer this variant makes, as JSON text; null to make the campaign's offer.</param>
/// <param name="Control">A control variant gets nothing, but its exposures and conversions are counted for the report.</param>
[GenerateSerializer, Immutable]
public sealed record CampaignVariant(
    [property: Id(0)] string Id,
    [property: Id(1)] int Weight,
    [property: Id(2)] bool Control = false,
    [property: Id(3)] string? Content = null);

/// <summary>
/// Where a campaign's webhooks go and the secret they are signed with, which is kept encrypted
/// (<see cref="WebhookSecrets"/>): only the dispatcher decrypts it, to sign a delivery.
/// </summary>
/// <param name="Secret">
/// The secret in plain text: set only on a campaign just read from a request, before <see cref="WebhookSecrets.Protect"/>,
/// and on campaigns an earlier version stored, until <see cref="WebhookSecretMigration"/> encrypts them at silo start.
/// </param>
/// <param name="ProtectedSecret">The secret encrypted with ASP.NET Core Data Protection.</param>
[GenerateSerializer, Immutable]
public sealed record WebhookTarget(
    [property: Id(0)] string Url,
    [property: Id(1)] string? Secret,
    [property: Id(2)] string? ProtectedSecret = null)
{
    /// <summary>The URL only, so a logged target never shows its secret.</summary>
    public override string ToString() => $"WebhookTarget {{ Url = {Url} }}";
}

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

[GenerateSerializer, Immutable]
public sealed record CampaignDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] CampaignSettings Settings,
    [property: Id(2)] int Version,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] bool Deleted = false);
