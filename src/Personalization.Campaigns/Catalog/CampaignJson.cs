using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Personalization.Campaigns.Catalog;

/// <summary>
/// A stored campaign in the JSON form it was written in, so what GET answers can be PUT back. The webhook secret is
/// never shown: <c>secretSet</c> says there is one, and a PUT without a secret keeps it.
/// </summary>
public static class CampaignJson
{
    public static JsonObject Write(CampaignDefinition campaign)
    {
        var settings = campaign.Settings;
        var json = new JsonObject
        {
            ["id"] = campaign.Id,
            ["name"] = settings.Name,
        };
        if (settings.Description is not null)
        {
            json["description"] = settings.Description;
        }

        json["enabled"] = settings.Enabled;
        json["trigger"] = Trigger(settings.Trigger);
        if (settings.Audience is not null)
        {
            json["audience"] = settings.Audience;
        }

        if (settings.Content is not null)
        {
            json["offer"] = JsonNode.Parse(settings.Content);
        }

        json["scope"] = settings.Scope == OfferScope.Session ? "session" : "ttl";
        if (settings.TimeToLive is { } ttl)
        {
            json["ttl"] = Durations.Format(ttl);
        }

        if (settings.PerCustomerCap is not null || settings.GlobalCap is not null)
        {
            var caps = new JsonObject();
            if (settings.PerCustomerCap is { } perCustomer)
            {
                caps["perCustomer"] = Cap(perCustomer);
            }

            if (settings.GlobalCap is { } global)
            {
                caps["global"] = Cap(global);
            }

            json["caps"] = caps;
        }

        if (settings.StartsAt is { } startsAt)
        {
            json["startsAt"] = startsAt;
        }

        if (settings.EndsAt is { } endsAt)
        {
            json["endsAt"] = endsAt;
        }

        json["conversion"] = new JsonObject
        {
            ["eventType"] = settings.Conversion.EventType,
            ["window"] = Durations.Format(settings.Conversion.Window),
        };
        json["variants"] = Variants(settings.Variants);
        if (settings.Webhook is { } webhook)
        {
            json["webhook"] = new JsonObject { ["url"] = webhook.Url, ["secretSet"] = true };
        }

        if (settings.Bandit is { } bandit)
        {
            json["bandit"] = new JsonObject { ["updateInterval"] = Durations.Format(bandit.UpdateInterval) };
        }

        json["version"] = campaign.Version;
        json["createdAt"] = campaign.CreatedAt;
        json["updatedAt"] = campaign.UpdatedAt;
        json["deleted"] = campaign.Deleted;
        return json;
    }

    private static JsonObject Trigger(CampaignTrigger trigger)
    {
        var json = new JsonObject
        {
            [trigger.Kind switch
            {
                TriggerKind.SegmentEntered => "onEnter",
                TriggerKind.SegmentExited => "onExit",
                _ => "onEvent",
            }] = trigger.Target,
        };
        if (trigger.Rule is not null)
        {
            json["rule"] = trigger.Rule;
        }

        return json;
    }

    private static JsonObject Cap(FrequencyCap cap) => new()
    {
        ["count"] = cap.Count,
        ["period"] = Durations.Format(cap.Period),
    };

    private static JsonArray Variants(ImmutableArray<CampaignVariant> variants)
    {
        var array = new JsonArray();
        foreach (var variant in variants)
        {
            var json = new JsonObject
            {
                ["id"] = variant.Id,
                ["weight"] = variant.Weight,
                ["control"] = variant.Control,
            };
            if (variant.Content is not null)
            {
                json["offer"] = JsonNode.Parse(variant.Content);
            }

            array.Add(json);
        }

        return array;
    }
}
