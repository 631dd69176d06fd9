using System.Runtime.InteropServices;
using System.Text;
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
    private static readonly string[] KnownFields = ["customerId", "type", "timestamp", "sessionId", "value", "properties", "eventId"];

    /// <remarks>
    /// One pass over the event's fields, matching their names as UTF-8: looking each field up by name walked the object
    /// once per field and made a string of every name, per event of a batch.
    /// </remarks>
    public static IncomingEvent? Read(JsonElement element, DateTimeOffset now, FieldErrors errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "an event must be a JSON object");
            return null;
        }

        JsonElement customerIdField = default, typeField = default, timestampField = default, sessionIdField = default;
        JsonElement valueField = default, propertiesField = default, eventIdField = default;
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals("customerId"u8))
            {
                customerIdField = property.Value;
            }
            else if (property.NameEquals("type"u8))
            {
                typeField = property.Value;
            }
            else if (property.NameEquals("timestamp"u8))
            {
                timestampField = property.Value;
            }
            else if (property.NameEquals("sessionId"u8))
            {
                sessionIdField = property.Value;
            }
            else if (property.NameEquals("value"u8))
            {
                valueField = property.Value;
            }
            else if (property.NameEquals("properties"u8))
            {
                propertiesField = property.Value;
            }
            else if (property.NameEquals("eventId"u8))
            {
                eventIdField = property.Value;
            }
            else
            {
                errors.Add(property.Name, $"unknown field; events have {string.Join(", ", KnownFields)}");
            }
        }

        var customerId = ReadString(customerIdField, "customerId", errors);
        if (customerId is not null && Identifiers.CustomerIdError(customerId) is { } idError)
        {
            errors.Add("customerId", idError);
        }
        else if (customerId is null && customerIdField.ValueKind == JsonValueKind.Undefined)
        {
            errors.Add("customerId", "is required");
        }

        var type = ReadString(typeField, "type", errors);
        if (type is not null && Identifiers.EventTypeError(type) is { } typeError)
        {
            errors.Add("type", typeError);
        }
        else if (type is null && typeField.ValueKind == JsonValueKind.Undefined)
        {
            errors.Add("type", "is required");
        }

        var timestamp = ReadTimestamp(timestampField, now, errors);
        var sessionId = ReadString(sessionIdField, "sessionId", errors);
        if (sessionId is { Length: > ApiLimits.MaxIdLength })
        {
            errors.Add("sessionId", $"must be at most {ApiLimits.MaxIdLength} characters");
        }

        var eventId = ReadString(eventIdField, "eventId", errors);
        if (eventId is { Length: 0 or > ApiLimits.MaxIdLength })
        {
            errors.Add("eventId", $"must be 1-{ApiLimits.MaxIdLength} characters");
        }

        double? value = null;
        if (valueField.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            if (valueField.ValueKind == JsonValueKind.Number && valueField.TryGetDouble(out var number) && double.IsFinite(number))
            {
                value = number;
            }
            else
            {
                errors.Add("value", "must be a finite number");
            }
        }

        var properties = ReadProperties(propertiesField, errors);
        if (errors.Any || customerId is null || type is null)
        {
            return null;
        }

        return new IncomingEvent(customerId, new TrackedEvent(new BehaviourEvent(type, timestamp, value, sessionId, properties), eventId));
    }

    private static string? ReadString(JsonElement field, string name, FieldErrors errors)
    {
        if (field.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (field.ValueKind != JsonValueKind.String)
        {
            errors.Add(name, "must be a string");
            return null;
        }

        return field.GetString();
    }

    private static DateTimeOffset ReadTimestamp(JsonElement field, DateTimeOffset now, FieldErrors errors)
    {
        if (field.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return now;
        }

        if (field.ValueKind != JsonValueKind.String || !field.TryGetDateTimeOffset(out var timestamp) || !HasOffset(field))
        {
            errors.Add("timestamp", "must be an RFC 3339 date-time with an offset, e.g. 2026-11-23T10:15:00Z");
            return now;
        }

        if (timestamp > now + ApiLimits.MaxClockSkew)
        {
            errors.Add("timestamp", $"is more than {ApiLimits.MaxClockSkew.TotalMinutes:0} minutes in the future (server time {now:O})");
        }

        return timestamp;
    }

    // RFC 3339 requires a zone; a bare local time would silently shift by the server's offset. Read from the raw
    // UTF-8 rather than from a string made for it; escapes are legal in a JSON string, if unusual in a date, so such
    // a one is unescaped first.
    private static bool HasOffset(JsonElement field)
    {
        var raw = JsonMarshal.GetRawUtf8Value(field)[1..^1];
        ReadOnlySpan<byte> text = raw.IndexOf((byte)'\\') < 0 ? raw : Encoding.UTF8.GetBytes(field.GetString()!);
        return text.EndsWith("Z"u8) || text.EndsWith("z"u8)
            || (text.Length > 6 && (text[^6] == (byte)'+' || text[^6] == (byte)'-') && text[^3] == (byte)':');
    }

    private static Dictionary<string, RuleValue>? ReadProperties(JsonElement field, FieldErrors errors)
    {
        if (field.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (field.ValueKind != JsonValueKind.Object)
        {
            errors.Add("properties", "must be a flat JSON object");
            return null;
        }

        var properties = new Dictionary<string, RuleValue>(StringComparer.Ordinal);
        foreach (var property in field.EnumerateObject())
        {
            if (properties.Count == ApiLimits.MaxProperties)
            {
                errors.Add("properties", $"at most {ApiLimits.MaxProperties} properties");
                break;
            }

            var name = property.Name;
            if (Identifiers.AttributeNameError(name) is { } nameError)
            {
                errors.Add($"properties.{name}", nameError.Replace("attribute", "property"));
            }
            else if (AttributeValues.TryRead(property.Value, allowLists: false, out var value) is { } valueError)
            {
                errors.Add($"properties.{name}", valueError);
            }
            else
            {
                properties[name] = value;
            }
        }

        return properties;
    }
}
