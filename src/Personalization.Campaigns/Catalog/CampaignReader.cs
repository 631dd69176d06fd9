using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Personalization.Rules;

namespace Personalization.Campaigns.Catalog;

/// <summary>
/// Reads a campaign from its JSON form field by field, so every problem names its field ("trigger.onEnter",
/// "variants[1].weight"). Rules are only checked for length here; <see cref="CampaignRules"/> compiles them.
/// </summary>
internal static class CampaignReader
{
    private static readonly string[] Fields = ["name", "description", "enabled", "trigger", "audience", "offer", "scope", "ttl", "caps", "startsAt", "endsAt", "conversion", "variants", "webhook", "bandit"];
    private static readonly string[] TriggerFields = ["onEnter", "onExit", "onEvent", "rule"];
    private static readonly string[] CapsFields = ["perCustomer", "global"];
    private static readonly string[] CapFields = ["count", "period"];
    private static readonly string[] ConversionFields = ["eventType", "window"];
    private static readonly string[] VariantFields = ["id", "weight", "control", "offer"];
    private static readonly string[] WebhookFields = ["url", "secret"];
    private static readonly string[] BanditFields = ["updateInterval"];

    public const string DefaultVariantId = "default";

    /// <param name="currentWebhook">The stored version's webhook: a webhook sent without its secret keeps that secret, since reads never show it.</param>
    public static CampaignSettings? Read(string campaignId, JsonElement root, WebhookTarget? currentWebhook, CampaignFieldErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "a campaign must be a JSON object");
            return null;
        }

        RejectUnknown(root, "", Fields, errors);
        var name = Text(root, "name", "name", CampaignLimits.MaxNameLength, errors) ?? campaignId;
        var description = Text(root, "description", "description", CampaignLimits.MaxDescriptionLength, errors);
        var enabled = Bool(root, "enabled", "enabled", errors) ?? true;
        var trigger = ReadTrigger(root, errors);
        var audience = Rule(root, "audience", "audience", errors);
        var content = Content(root, "offer", "offer", errors);
        var (scope, timeToLive) = ReadScope(root, errors);
        var (perCustomer, global) = ReadCaps(root, errors);
        var startsAt = Date(root, "startsAt", errors);
        var endsAt = Date(root, "endsAt", errors);
        if (startsAt is not null && endsAt is not null && endsAt <= startsAt)
        {
            errors.Add("endsAt", "must be after startsAt");
        }

        var conversion = ReadConversion(root, errors);
        var variants = ReadVariants(root, content is not null, errors);
        var webhook = ReadWebhook(root, currentWebhook, errors);
        var bandit = ReadBandit(root, errors);
        if (errors.Any)
        {
            return null;
        }

        return new CampaignSettings(name, description, enabled, trigger!, audience, content, scope, timeToLive, perCustomer, global,
            startsAt, endsAt, conversion, variants, webhook, bandit);
    }

    private static BanditAllocation? ReadBandit(JsonElement root, CampaignFieldErrors errors)
    {
        if (!root.TryGetProperty("bandit", out var bandit) || bandit.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (bandit.ValueKind != JsonValueKind.Object)
        {
            errors.Add("bandit", "must be an object: {\"updateInterval\": \"1h\"}");
            return null;
        }

        RejectUnknown(bandit, "bandit.", BanditFields, errors);
        var interval = Duration(bandit, "updateInterval", "bandit.updateInterval", CampaignLimits.MaxBanditUpdateInterval, errors);
        if (interval is null && Missing(bandit, "updateInterval"))
        {
            errors.Add("bandit.updateInterval", "is required: how often the variants' shares are recomputed, e.g. \"1h\"");
        }

        return interval is { } every ? new BanditAllocation(every) : null;
    }

    private static CampaignTrigger? ReadTrigger(JsonElement root, CampaignFieldErrors errors)
    {
        if (!root.TryGetProperty("trigger", out var trigger) || trigger.ValueKind == JsonValueKind.Null)
        {
            errors.Add("trigger", "is required: {\"onEnter\": segment}, {\"onExit\": segment} or {\"onEvent\": type, \"rule\": optional}");
            return null;
        }

        if (trigger.ValueKind != JsonValueKind.Object)
        {
            errors.Add("trigger", "must be an object");
            return null;
        }

        RejectUnknown(trigger, "trigger.", TriggerFields, errors);
        var given = TriggerFields[..3].Where(name => trigger.TryGetProperty(name, out _)).ToList();
        if (given.Count != 1)
        {
            errors.Add("trigger", given.Count == 0 ? "needs one of onEnter, onExit, onEvent" : $"needs exactly one of onEnter, onExit, onEvent (got {string.Join(", ", given)})");
            return null;
        }

        var kind = given[0] switch
        {
            "onEnter" => TriggerKind.SegmentEntered,
            "onExit" => TriggerKind.SegmentExited,
            _ => TriggerKind.Event,
        };
        var field = "trigger." + given[0];
        var target = Text(trigger, given[0], field, int.MaxValue, errors);
        if (target is null && Missing(trigger, given[0]))
        {
            errors.Add(field, kind == TriggerKind.Event ? "is required: an event type" : "is required: a segment id");
        }
        else if (target is not null && (kind == TriggerKind.Event ? Identifiers.EventTypeError(target) : Identifiers.SegmentIdError(target)) is { } targetError)
        {
            errors.Add(field, targetError);
        }

        var rule = Rule(trigger, "rule", "trigger.rule", errors);
        if (rule is not null && kind != TriggerKind.Event)
        {
            errors.Add("trigger.rule", "only an onEvent trigger takes a rule; use audience for a condition on the customer");
        }

        return errors.Any ? null : new CampaignTrigger(kind, target!, rule);
    }

    private static (OfferScope, TimeSpan?) ReadScope(JsonElement root, CampaignFieldErrors errors)
    {
        var scope = Text(root, "scope", "scope", int.MaxValue, errors) ?? "session";
        var ttl = Duration(root, "ttl", "ttl", CampaignLimits.MaxTimeToLive, errors);
        switch (scope)
        {
            case "session":
                if (ttl is not null)
                {
                    errors.Add("ttl", "only with scope \"ttl\"; a session offer lasts as long as the session");
                }

                return (OfferScope.Session, null);
            case "ttl":
                if (ttl is null && Missing(root, "ttl"))
                {
                    errors.Add("ttl", "is required with scope \"ttl\", e.g. \"2h\" or \"7d\"");
                }

                return (OfferScope.TimeToLive, ttl);
            default:
                errors.Add("scope", "must be \"session\" or \"ttl\"");
                return (OfferScope.Session, null);
        }
    }

    private static (FrequencyCap?, FrequencyCap?) ReadCaps(JsonElement root, CampaignFieldErrors errors)
    {
        if (!root.TryGetProperty("caps", out var caps) || caps.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (caps.ValueKind != JsonValueKind.Object)
        {
            errors.Add("caps", "must be an object with perCustomer and/or global");
            return (null, null);
        }

        RejectUnknown(caps, "caps.", CapsFields, errors);
        return (ReadCap(caps, "perCustomer", errors), ReadCap(caps, "global", errors));
    }

    private static FrequencyCap? ReadCap(JsonElement caps, string name, CampaignFieldErrors errors)
    {
        var field = "caps." + name;
        if (!caps.TryGetProperty(name, out var cap) || cap.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (cap.ValueKind != JsonValueKind.Object)
        {
            errors.Add(field, "must be an object: {\"count\": N, \"period\": \"1d\"}");
            return null;
        }

        RejectUnknown(cap, field + ".", CapFields, errors);
        var count = Integer(cap, "count", field + ".count", 1, CampaignLimits.MaxCapCount, errors);
        var period = Duration(cap, "period", field + ".period", CampaignLimits.MaxCapPeriod, errors);
        if (period is null && Missing(cap, "period"))
        {
            errors.Add(field + ".period", "is required, e.g. \"1d\"");
        }

        if (count is null && Missing(cap, "count"))
        {
            errors.Add(field + ".count", "is required");
        }

        return count is { } c && period is { } p ? new FrequencyCap(c, p) : null;
    }

    private static ConversionGoal ReadConversion(JsonElement root, CampaignFieldErrors errors)
    {
        if (!root.TryGetProperty("conversion", out var conversion) || conversion.ValueKind == JsonValueKind.Null)
        {
            return ConversionGoal.Default;
        }

        if (conversion.ValueKind != JsonValueKind.Object)
        {
            errors.Add("conversion", "must be an object: {\"eventType\": \"purchase\", \"window\": \"7d\"}");
            return ConversionGoal.Default;
        }

        RejectUnknown(conversion, "conversion.", ConversionFields, errors);
        var eventType = Text(conversion, "eventType", "conversion.eventType", int.MaxValue, errors) ?? ConversionGoal.Default.EventType;
        if (Identifiers.EventTypeError(eventType) is { } typeError)
        {
            errors.Add("conversion.eventType", typeError);
        }

        var window = Duration(conversion, "window", "conversion.window", CampaignLimits.MaxAttributionWindow, errors) ?? ConversionGoal.Default.Window;
        return new ConversionGoal(eventType, window);
    }

    private static ImmutableArray<CampaignVariant> ReadVariants(JsonElement root, bool campaignHasOffer, CampaignFieldErrors errors)
    {
        if (!root.TryGetProperty("variants", out var variants) || variants.ValueKind == JsonValueKind.Null)
        {
            if (!campaignHasOffer && Missing(root, "offer"))
            {
                errors.Add("offer", "is required: the offer the campaign makes (a JSON object)");
            }

            return [new CampaignVariant(DefaultVariantId, 1)];
        }

        if (variants.ValueKind != JsonValueKind.Array || variants.GetArrayLength() is 0 || variants.GetArrayLength() > CampaignLimits.MaxVariants)
        {
            errors.Add("variants", $"must be an array of 1-{CampaignLimits.MaxVariants} variants");
            return [];
        }

        var read = ImmutableArray.CreateBuilder<CampaignVariant>();
        var index = 0;
        foreach (var variant in variants.EnumerateArray())
        {
            var prefix = $"variants[{index++}]";
            if (variant.ValueKind != JsonValueKind.Object)
            {
                errors.Add(prefix, "must be an object: {\"id\", \"weight\", \"control\", \"offer\"}");
                continue;
            }

            RejectUnknown(variant, prefix + ".", VariantFields, errors);
            var id = Text(variant, "id", prefix + ".id", int.MaxValue, errors);
            if (id is null && Missing(variant, "id"))
            {
                errors.Add(prefix + ".id", "is required");
            }
            else if (id is not null && Identifiers.SegmentIdError(id) is { } idError)
            {
                errors.Add(prefix + ".id", idError);
            }
            else if (id is not null && read.Any(v => v.Id == id))
            {
                errors.Add(prefix + ".id", $"'{id}' is used by another variant");
            }

            var weight = Integer(variant, "weight", prefix + ".weight", 1, CampaignLimits.MaxVariantWeight, errors);
            if (weight is null && Missing(variant, "weight"))
            {
                errors.Add(prefix + ".weight", $"is required: a whole number 1-{CampaignLimits.MaxVariantWeight}, relative to the other variants");
            }

            var control = Bool(variant, "control", prefix + ".control", errors) ?? false;
            var content = Content(variant, "offer", prefix + ".offer", errors);
            if (control && content is not null)
            {
                errors.Add(prefix + ".offer", "a control variant gets nothing, so it has no offer");
            }
            else if (!control && content is null && !campaignHasOffer && Missing(variant, "offer"))
            {
                errors.Add(prefix + ".offer", "is required: the campaign has no offer for this variant to make");
            }

            read.Add(new CampaignVariant(id ?? "", weight ?? 1, control, content));
        }

        if (read.Count(v => v.Control) > 1)
        {
            errors.Add("variants", "at most one variant may be the control");
        }

        if (read.Count > 0 && read.All(v => v.Control))
        {
            errors.Add("variants", "at least one variant must make an offer");
        }

        return read.ToImmutable();
    }

    private static WebhookTarget? ReadWebhook(JsonElement root, WebhookTarget? current, CampaignFieldErrors errors)
    {
        if (!root.TryGetProperty("webhook", out var webhook) || webhook.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (webhook.ValueKind != JsonValueKind.Object)
        {
            errors.Add("webhook", "must be an object: {\"url\", \"secret\"}");
            return null;
        }

        RejectUnknown(webhook, "webhook.", WebhookFields, errors);
        var url = Text(webhook, "url", "webhook.url", CampaignLimits.MaxWebhookUrlLength, errors);
        if (url is null && Missing(webhook, "url"))
        {
            errors.Add("webhook.url", "is required");
        }
        else if (url is not null && !IsHttpUrl(url))
        {
            errors.Add("webhook.url", "must be an absolute http or https URL");
        }

        if (Missing(webhook, "secret") && current is not null)
        {
            return url is null ? null : current with { Url = url };
        }

        var secret = Text(webhook, "secret", "webhook.secret", CampaignLimits.MaxWebhookSecretLength, errors);
        if (secret is null && Missing(webhook, "secret"))
        {
            errors.Add("webhook.secret", $"is required: {CampaignLimits.MinWebhookSecretLength}-{CampaignLimits.MaxWebhookSecretLength} characters the receiver checks signatures with");
        }
        else if (secret is not null && secret.Length < CampaignLimits.MinWebhookSecretLength)
        {
            errors.Add("webhook.secret", $"must be at least {CampaignLimits.MinWebhookSecretLength} characters");
        }

        return url is not null && secret is not null ? new WebhookTarget(url, secret) : null;
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static string? Rule(JsonElement element, string name, string field, CampaignFieldErrors errors)
    {
        var rule = Text(element, name, field, SegmentCatalog.MaxRuleLength, errors);
        if (rule is not null && string.IsNullOrWhiteSpace(rule))
        {
            errors.Add(field, "must not be blank; leave it out for no condition");
            return null;
        }

        return rule;
    }

    /// <summary>An offer: any JSON object, kept as its text.</summary>
    private static string? Content(JsonElement element, string name, string field, CampaignFieldErrors errors)
    {
        if (!element.TryGetProperty(name, out var offer) || offer.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (offer.ValueKind != JsonValueKind.Object)
        {
            errors.Add(field, "must be a JSON object (title, code, url, ... as the website needs)");
            return null;
        }

        var text = offer.GetRawText();
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > CampaignLimits.MaxContentBytes)
        {
            errors.Add(field, $"must be at most {CampaignLimits.MaxContentBytes} bytes of JSON (got {bytes})");
            return null;
        }

        return text;
    }

    private static DateTimeOffset? Date(JsonElement element, string name, CampaignFieldErrors errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !value.TryGetDateTimeOffset(out var date) || !HasOffset(value.GetString()!))
        {
            errors.Add(name, "must be an RFC 3339 date-time with an offset, e.g. 2026-12-01T00:00:00Z");
            return null;
        }

        return date;
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    private static TimeSpan? Duration(JsonElement element, string name, string field, TimeSpan max, CampaignFieldErrors errors)
    {
        var text = Text(element, name, field, int.MaxValue, errors);
        if (text is null)
        {
            return null;
        }

        if (!Durations.TryParse(text, out var duration) || duration < CampaignLimits.MinDuration || duration > max)
        {
            errors.Add(field, $"must be a duration of whole minutes, hours or days (\"30m\", \"2h\", \"7d\") from {Durations.Format(CampaignLimits.MinDuration)} to {Durations.Format(max)}");
            return null;
        }

        return duration;
    }

    private static int? Integer(JsonElement element, string name, string field, int min, int max, CampaignFieldErrors errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
        {
            errors.Add(field, $"must be a whole number {min}-{max}");
            return null;
        }

        return number;
    }

    private static bool? Bool(JsonElement element, string name, string field, CampaignFieldErrors errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(field, "must be true or false");
            return null;
        }

        return value.GetBoolean();
    }

    private static string? Text(JsonElement element, string name, string field, int maxLength, CampaignFieldErrors errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(field, "must be a string");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > maxLength)
        {
            errors.Add(field, $"must be at most {maxLength} characters (got {text.Length})");
            return null;
        }

        return text;
    }

    private static bool Missing(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null;

    private static void RejectUnknown(JsonElement element, string prefix, string[] known, CampaignFieldErrors errors)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                errors.Add(prefix + property.Name, $"unknown field; known fields are {string.Join(", ", known)}");
            }
        }
    }
}
