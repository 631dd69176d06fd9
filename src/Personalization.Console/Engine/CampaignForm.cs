using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Personalization.Console.Engine;

/// <summary>
/// The campaign editor's fields as typed, turned into the JSON form PUT /v1/campaigns/{id} takes, so the shared
/// <see cref="Personalization.Campaigns.Catalog.CampaignEditor"/> reads and checks them exactly as it reads an API call and
/// names its problems by the same fields ("caps.perCustomer.count", "variants[1].weight"). Empty fields are left out;
/// a number field that is not a number is sent as text, so the reader's own reason ("must be a whole number") is shown.
/// </summary>
public sealed class CampaignForm
{
    public const string OnEnter = "onEnter";
    public const string OnExit = "onExit";
    public const string OnEvent = "onEvent";

    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public string TriggerKind { get; set; } = OnEnter;
    public string TriggerTarget { get; set; } = "";
    public string TriggerRule { get; set; } = "";
    public string Audience { get; set; } = "";
    public string Offer { get; set; } = "";
    public string Scope { get; set; } = "session";
    public string TimeToLive { get; set; } = "";
    public string PerCustomerCount { get; set; } = "";
    public string PerCustomerPeriod { get; set; } = "";
    public string GlobalCount { get; set; } = "";
    public string GlobalPeriod { get; set; } = "";
    public string StartsAt { get; set; } = "";
    public string EndsAt { get; set; } = "";
    public string ConversionEventType { get; set; } = "";
    public string ConversionWindow { get; set; } = "";
    public List<CampaignVariantRow> Variants { get; set; } = [];
    public string WebhookUrl { get; set; } = "";

    /// <summary>Empty keeps the stored secret (reads never show it); a stored campaign with a webhook has one.</summary>
    public string WebhookSecret { get; set; } = "";

    public bool WebhookSecretSet { get; private set; }

    /// <summary>The form of a stored campaign, from the JSON GET /v1/campaigns/{id} answers.</summary>
    public static CampaignForm From(JsonObject campaign)
    {
        var form = new CampaignForm
        {
            Name = Text(campaign["name"]),
            Description = Text(campaign["description"]),
            Enabled = campaign["enabled"]?.GetValue<bool>() ?? true,
            Audience = Text(campaign["audience"]),
            Offer = Json(campaign["offer"]),
            Scope = Text(campaign["scope"]) is { Length: > 0 } scope ? scope : "session",
            TimeToLive = Text(campaign["ttl"]),
            StartsAt = Date(campaign["startsAt"]),
            EndsAt = Date(campaign["endsAt"]),
            ConversionEventType = Text(campaign["conversion"]?["eventType"]),
            ConversionWindow = Text(campaign["conversion"]?["window"]),
            WebhookUrl = Text(campaign["webhook"]?["url"]),
            WebhookSecretSet = campaign["webhook"]?["secretSet"]?.GetValue<bool>() ?? false,
        };
        if (campaign["trigger"] is JsonObject trigger)
        {
            foreach (var kind in new[] { OnEnter, OnExit, OnEvent })
            {
                if (trigger[kind] is { } target)
                {
                    (form.TriggerKind, form.TriggerTarget) = (kind, Text(target));
                }
            }

            form.TriggerRule = Text(trigger["rule"]);
        }

        (form.PerCustomerCount, form.PerCustomerPeriod) = Cap(campaign["caps"]?["perCustomer"]);
        (form.GlobalCount, form.GlobalPeriod) = Cap(campaign["caps"]?["global"]);
        form.Variants = [.. (campaign["variants"] as JsonArray ?? []).Select(v => new CampaignVariantRow
        {
            Id = Text(v?["id"]),
            Weight = v?["weight"]?.ToJsonString() ?? "1",
            Control = v?["control"]?.GetValue<bool>() ?? false,
            Offer = Json(v?["offer"]),
        })];
        return form;
    }

    /// <summary>
    /// The JSON to store, or the fields whose JSON text does not parse (the offers); those are the only problems found
    /// here, every other check is the shared editor's.
    /// </summary>
    public (JsonObject? Campaign, IReadOnlyDictionary<string, string[]> Errors) ToJson()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var json = new JsonObject();
        Put(json, "name", Name);
        Put(json, "description", Description);
        json["enabled"] = Enabled;
        var trigger = new JsonObject { [TriggerKind] = TriggerTarget.Trim() };
        Put(trigger, "rule", TriggerRule);
        json["trigger"] = trigger;
        Put(json, "audience", Audience);
        PutJson(json, "offer", Offer, "offer", errors);
        json["scope"] = Scope;
        Put(json, "ttl", TimeToLive);
        var caps = new JsonObject();
        PutCap(caps, "perCustomer", PerCustomerCount, PerCustomerPeriod);
        PutCap(caps, "global", GlobalCount, GlobalPeriod);
        if (caps.Count > 0)
        {
            json["caps"] = caps;
        }

        Put(json, "startsAt", StartsAt);
        Put(json, "endsAt", EndsAt);
        var conversion = new JsonObject();
        Put(conversion, "eventType", ConversionEventType);
        Put(conversion, "window", ConversionWindow);
        if (conversion.Count > 0)
        {
            json["conversion"] = conversion;
        }

        if (Variants.Count > 0)
        {
            var variants = new JsonArray();
            for (var i = 0; i < Variants.Count; i++)
            {
                var row = Variants[i];
                var variant = new JsonObject { ["id"] = row.Id.Trim(), ["weight"] = Number(row.Weight), ["control"] = row.Control };
                PutJson(variant, "offer", row.Offer, $"variants[{i}].offer", errors);
                variants.Add(variant);
            }

            json["variants"] = variants;
        }

        if (WebhookUrl.Trim().Length > 0)
        {
            var webhook = new JsonObject { ["url"] = WebhookUrl.Trim() };
            if (WebhookSecret.Length > 0 || !WebhookSecretSet)
            {
                webhook["secret"] = WebhookSecret;
            }

            json["webhook"] = webhook;
        }

        return (errors.Count == 0 ? json : null, errors);
    }

    private static void Put(JsonObject json, string name, string value)
    {
        if (value.Trim().Length > 0)
        {
            json[name] = value.Trim();
        }
    }

    private static void PutCap(JsonObject caps, string name, string count, string period)
    {
        if (count.Trim().Length > 0 || period.Trim().Length > 0)
        {
            var cap = new JsonObject();
            if (count.Trim().Length > 0)
            {
                cap["count"] = Number(count);
            }

            Put(cap, "period", period);
            caps[name] = cap;
        }
    }

    private static void PutJson(JsonObject json, string name, string text, string field, Dictionary<string, string[]> errors)
    {
        if (text.Trim().Length == 0)
        {
            return;
        }

        try
        {
            json[name] = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            errors[field] = [$"is not valid JSON: {e.Message}"];
        }
    }

    private static JsonNode Number(string text) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(text.Trim());

    private static (string Count, string Period) Cap(JsonNode? cap) => (cap?["count"]?.ToJsonString() ?? "", Text(cap?["period"]));

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    private static string Json(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "";

    private static string Date(JsonNode? node) => node is null ? "" : node.GetValue<DateTimeOffset>().ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);
}
