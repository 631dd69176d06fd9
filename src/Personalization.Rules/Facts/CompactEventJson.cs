using System.Text.Json;
using System.Text.Json.Serialization;

namespace Personalization.Rules;

/// <summary>
/// Stores a retained event as a JSON array, <c>[utcTicks, offsetMinutes, sessionId, value, {properties}]</c> with
/// trailing nulls left out, instead of an object with an ISO timestamp. A customer's stored state is mostly these
/// events, and it is serialized on every write: numbers instead of names and date text make it about half the size
/// and much cheaper to write. The object form of earlier rows is still read.
/// </summary>
public sealed class RetainedEventJsonConverter : JsonConverter<RetainedEvent>
{
    public override RetainedEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return ReadObject(ref reader, options);
        }

        CompactEventJson.Expect(ref reader, JsonTokenType.StartArray);
        var retained = new RetainedEvent { Timestamp = CompactEventJson.ReadTimestamp(ref reader) };
        if (CompactEventJson.Next(ref reader))
        {
            retained.SessionId = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            if (CompactEventJson.Next(ref reader))
            {
                retained.Value = reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();
                if (CompactEventJson.Next(ref reader))
                {
                    retained.Properties = reader.TokenType == JsonTokenType.Null ? null : ReadProperties(ref reader, options);
                    CompactEventJson.Expect(ref reader, JsonTokenType.EndArray, advance: true);
                }
            }
        }

        return retained;
    }

    public override void Write(Utf8JsonWriter writer, RetainedEvent value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        CompactEventJson.WriteTimestamp(writer, value.Timestamp);
        if (value.SessionId is not null || value.Value is not null || value.Properties is not null)
        {
            writer.WriteStringValue(value.SessionId);
            if (value.Value is not null || value.Properties is not null)
            {
                if (value.Value is { } number)
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteNullValue();
                }

                if (value.Properties is { } properties)
                {
                    writer.WriteStartObject();
                    foreach (var (name, property) in properties)
                    {
                        writer.WritePropertyName(name);
                        RuleValueJsonConverter.Instance.Write(writer, property, options);
                    }

                    writer.WriteEndObject();
                }
            }
        }

        writer.WriteEndArray();
    }

    private static Dictionary<string, RuleValue> ReadProperties(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<Dictionary<string, RuleValue>>(ref reader, options)
        ?? throw new JsonException("retained event properties must be an object");

    internal static RetainedEvent ReadObject(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var retained = new RetainedEvent();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case nameof(RetainedEvent.Timestamp):
                    retained.Timestamp = reader.GetDateTimeOffset();
                    break;
                case nameof(RetainedEvent.Value):
                    retained.Value = reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();
                    break;
                case nameof(RetainedEvent.SessionId):
                    retained.SessionId = reader.GetString();
                    break;
                case nameof(RetainedEvent.Properties):
                    retained.Properties = reader.TokenType == JsonTokenType.Null ? null : ReadProperties(ref reader, options);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return retained;
    }
}

/// <summary>Stores an activity mark as <c>[utcTicks, offsetMinutes, sessionId]</c>; the object form of earlier rows is still read.</summary>
public sealed class ActivityMarkJsonConverter : JsonConverter<ActivityMark>
{
    public override ActivityMark Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            // The object form of a mark is that of an event without value or properties.
            var legacy = RetainedEventJsonConverter.ReadObject(ref reader, options);
            return new ActivityMark { Timestamp = legacy.Timestamp, SessionId = legacy.SessionId };
        }

        CompactEventJson.Expect(ref reader, JsonTokenType.StartArray);
        var mark = new ActivityMark { Timestamp = CompactEventJson.ReadTimestamp(ref reader) };
        if (CompactEventJson.Next(ref reader))
        {
            mark.SessionId = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            CompactEventJson.Expect(ref reader, JsonTokenType.EndArray, advance: true);
        }

        return mark;
    }

    public override void Write(Utf8JsonWriter writer, ActivityMark value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        CompactEventJson.WriteTimestamp(writer, value.Timestamp);
        if (value.SessionId is not null)
        {
            writer.WriteStringValue(value.SessionId);
        }

        writer.WriteEndArray();
    }
}

/// <summary>The parts the two compact forms share: the timestamp as UTC ticks and offset minutes, and array walking.</summary>
internal static class CompactEventJson
{
    public static void WriteTimestamp(Utf8JsonWriter writer, DateTimeOffset timestamp)
    {
        writer.WriteNumberValue(timestamp.UtcTicks);
        writer.WriteNumberValue((short)timestamp.Offset.TotalMinutes);
    }

    /// <summary>Reads the first two elements; the reader is left on the second.</summary>
    public static DateTimeOffset ReadTimestamp(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.Number, advance: true);
        var utcTicks = reader.GetInt64();
        Expect(ref reader, JsonTokenType.Number, advance: true);
        var offset = TimeSpan.FromMinutes(reader.GetInt16());
        return new DateTimeOffset(utcTicks + offset.Ticks, offset);
    }

    /// <summary>Moves to the next element; false when the array ended instead.</summary>
    public static bool Next(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType != JsonTokenType.EndArray;

    public static void Expect(ref Utf8JsonReader reader, JsonTokenType token, bool advance = false)
    {
        if ((advance && !reader.Read()) || reader.TokenType != token)
        {
            throw new JsonException($"a stored event must be a compact array or an object; found {reader.TokenType} where {token} belongs");
        }
    }
}
