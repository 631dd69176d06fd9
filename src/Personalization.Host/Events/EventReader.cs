using System.Text.Json;
using Personalization.Customers;
using Personalization.Host.Http;
using Personalization.Rules;

namespace Personalization.Host.Events;

/// <summary>A validated event, addressed to one customer.</summary>
public sealed record IncomingEvent(string CustomerId, TrackedEvent Event);

/// <summary>Validates one event object field by field, so every problem names its field.</summary>
public static class EventReader
{
    private static readonly HashSet<string> KnownFields = ["customerId", "type", "timestamp", "sessionId", "value", "properties", "eventId"];

    public static IncomingEvent? Read(JsonElement element, DateTimeOffset now, FieldErrors errors, string prefix = "")
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(prefix.TrimEnd('.') is { Length: > 0 } field ? field : "body", "an event must be a JSON object");
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                errors.Add(prefix + property.Name, $"unknown field; events have {string.Join(", ", KnownFields)}");
            }
        }

        var customerId = ReadString(element, "customerId", prefix, errors);
        if (customerId is not null && Identifiers.CustomerIdError(customerId) is { } idError)
        {
            errors.Add(prefix + "customerId", idError);
        }
        else if (customerId is null && !element.TryGetProperty("customerId", out _))
        {
            errors.Add(prefix + "customerId", "is required");
        }

        var type = ReadString(element, "type", prefix, errors);
        if (type is not null && Identifiers.EventTypeError(type) is { } typeError)
        {
            errors.Add(prefix + "type", typeError);
        }
        else if (type is null && !element.TryGetProperty("type", out _))
        {
            errors.Add(prefix + "type", "is required");
        }

        var timestamp = ReadTimestamp(element, now, prefix, errors);
        var sessionId = ReadString(element, "sessionId", prefix, errors);
        if (sessionId is { Length: > ApiLimits.MaxIdLength })
        {
            errors.Add(prefix + "sessionId", $"must be at most {ApiLimits.MaxIdLength} characters");
        }

        var eventId = ReadString(element, "eventId", prefix, errors);
        if (eventId is { Length: 0 or > ApiLimits.MaxIdLength })
        {
            errors.Add(prefix + "eventId", $"must be 1-{ApiLimits.MaxIdLength} characters");
        }

        double? value = null;
        if (element.TryGetProperty("value", out var valueElement) && valueElement.ValueKind != JsonValueKind.Null)
        {
            if (valueElement.ValueKind == JsonValueKind.Number && valueElement.TryGetDouble(out var number) && double.IsFinite(number))
            {
                value = number;
            }
            else
            {
                errors.Add(prefix + "value", "must be a finite number");
            }
        }

        var properties = ReadProperties(element, prefix, errors);
        if (errors.Any || customerId is null || type is null)
        {
            return null;
        }

        return new IncomingEvent(customerId, new TrackedEvent(new BehaviourEvent(type, timestamp, value, sessionId, properties), eventId));
    }

    private static string? ReadString(JsonElement element, string name, string prefix, FieldErrors errors)
    {
        if (!element.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (field.ValueKind != JsonValueKind.String)
        {
            errors.Add(prefix + name, "must be a string");
            return null;
        }

        return field.GetString();
    }

    private static DateTimeOffset ReadTimestamp(JsonElement element, DateTimeOffset now, string prefix, FieldErrors errors)
    {
        if (!element.TryGetProperty("timestamp", out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return now;
        }

        if (field.ValueKind != JsonValueKind.String || !field.TryGetDateTimeOffset(out var timestamp) || !HasOffset(field.GetString()!))
        {
            errors.Add(prefix + "timestamp", "must be an RFC 3339 date-time with an offset, e.g. 2026-11-23T10:15:00Z");
            return now;
        }

        if (timestamp > now + ApiLimits.MaxClockSkew)
        {
            errors.Add(prefix + "timestamp", $"is more than {ApiLimits.MaxClockSkew.TotalMinutes:0} minutes in the future (server time {now:O})");
        }

        return timestamp;
    }

    // RFC 3339 requires a zone; a bare local time would silently shift by the server's offset.
    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':');

    private static Dictionary<string, RuleValue>? ReadProperties(JsonElement element, string prefix, FieldErrors errors)
    {
        if (!element.TryGetProperty("properties", out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (field.ValueKind != JsonValueKind.Object)
        {
            errors.Add(prefix + "properties", "must be a flat JSON object");
            return null;
        }

        var properties = new Dictionary<string, RuleValue>(StringComparer.Ordinal);
        foreach (var property in field.EnumerateObject())
        {
            var name = $"{prefix}properties.{property.Name}";
            if (properties.Count == ApiLimits.MaxProperties)
            {
                errors.Add(prefix + "properties", $"at most {ApiLimits.MaxProperties} properties");
                break;
            }

            if (Identifiers.AttributeNameError(property.Name) is { } nameError)
            {
                errors.Add(name, nameError.Replace("attribute", "property"));
            }
            else if (AttributeValues.TryRead(property.Value, allowLists: false, out var value) is { } valueError)
            {
                errors.Add(name, valueError);
            }
            else
            {
                properties[property.Name] = value;
            }
        }

        return properties;
    }
}
