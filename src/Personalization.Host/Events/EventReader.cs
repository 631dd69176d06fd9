using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Personalization.Customers;
using Personalization.Host.Http;
using Personalization.Rules;

namespace Personalization.Host.Events;

/// <summary>Validates one event object field by field, so every problem names its field.</summary>
public static class EventReader
{
    private static readonly string[] KnownFields = ["customerId", "type", "timestamp", "sessionId", "value", "properties", "eventId", "anonymousId"];

    private static readonly byte[][] KnownFieldsUtf8 = [.. KnownFields.Select(Encoding.UTF8.GetBytes)];

    // Positions in KnownFields.
    private const int CustomerId = 0, Type = 1, Timestamp = 2, SessionId = 3, Value = 4, Properties = 5, EventId = 6, AnonymousId = 7;

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

        // Indexed as KnownFields; a field that is absent stays Undefined.
        var fields = new EventFields();
        foreach (var property in element.EnumerateObject())
        {
            var index = KnownFieldIndex(property);
            if (index < 0)
            {
                errors.Add(property.Name, $"unknown field; events have {string.Join(", ", KnownFields)}");
            }
            else
            {
                fields[index] = property.Value;
            }
        }

        var customerId = ReadIdentifier(fields[CustomerId], KnownFields[CustomerId], Identifiers.CustomerIdError, errors);
        var type = ReadIdentifier(fields[Type], KnownFields[Type], Identifiers.EventTypeError, errors);
        var timestamp = ReadTimestamp(fields[Timestamp], now, errors);
        var sessionId = ReadString(fields[SessionId], KnownFields[SessionId], errors);
        if (sessionId is { Length: > ApiLimits.MaxIdLength })
        {
            errors.Add("sessionId", $"must be at most {ApiLimits.MaxIdLength} characters");
        }

        var eventId = ReadString(fields[EventId], KnownFields[EventId], errors);
        if (eventId is { Length: 0 or > ApiLimits.MaxIdLength })
        {
            errors.Add("eventId", $"must be 1-{ApiLimits.MaxIdLength} characters");
        }

        string? anonymousId = null;
        if (fields[AnonymousId].ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            anonymousId = ReadIdentifier(fields[AnonymousId], KnownFields[AnonymousId], Identifiers.CustomerIdError, errors);
            if (anonymousId is not null && string.Equals(anonymousId, customerId, StringComparison.Ordinal))
            {
                errors.Add("anonymousId", "must differ from customerId");
            }
        }

        double? value = null;
        var valueField = fields[Value];
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

        var properties = ReadProperties(fields[Properties], errors);
        if (errors.Any || customerId is null || type is null)
        {
            return null;
        }

        return new IncomingEvent(customerId, new TrackedEvent(new BehaviourEvent(type, timestamp, value, sessionId, properties), eventId), anonymousId);
    }

    private static int KnownFieldIndex(JsonProperty property)
    {
        for (var i = 0; i < KnownFieldsUtf8.Length; i++)
        {
            if (property.NameEquals(KnownFieldsUtf8[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A required string that must pass <paramref name="error"/>, which names what is wrong with it or returns null.</summary>
    private static string? ReadIdentifier(JsonElement field, string name, Func<string, string?> error, FieldErrors errors)
    {
        var text = ReadString(field, name, errors);
        if (text is not null && error(text) is { } reason)
        {
            errors.Add(name, reason);
        }
        else if (text is null && field.ValueKind == JsonValueKind.Undefined)
        {
            errors.Add(name, "is required");
        }

        return text;
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

    // One slot per known field, on the stack.
    [InlineArray(8)]
    private struct EventFields
    {
        private JsonElement first;
    }
}
