using System.Text.Json;
using System.Text.Json.Serialization;

namespace Personalization.Rules.Facts;

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
        var utcTicks = CompactEventJson.ReadInstant(ref reader);
        string? sessionId = null;
        double? value = null;
        IReadOnlyDictionary<string, RuleValue>? properties = null;
        if (CompactEventJson.Next(ref reader))
        {
            sessionId = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            if (CompactEventJson.Next(ref reader))
            {
                value = reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();
                if (CompactEventJson.Next(ref reader))
                {
                    properties = reader.TokenType == JsonTokenType.Null ? null : ReadProperties(ref reader, options);
                    CompactEventJson.Expect(ref reader, JsonTokenType.EndArray, advance: true);
                }
            }
        }

        return new RetainedEvent(utcTicks, value, sessionId, properties);
    }

    public override void Write(Utf8JsonWriter writer, RetainedEvent value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        CompactEventJson.WriteInstant(writer, value.UtcTicks);
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
        long utcTicks = 0;
        string? sessionId = null;
        double? value = null;
        IReadOnlyDictionary<string, RuleValue>? properties = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case nameof(RetainedEvent.Timestamp):
                    utcTicks = reader.GetDateTimeOffset().UtcTicks;
                    break;
                case nameof(RetainedEvent.Value):
                    value = reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();
                    break;
                case nameof(RetainedEvent.SessionId):
                    sessionId = reader.GetString();
                    break;
                case nameof(RetainedEvent.Properties):
                    properties = reader.TokenType == JsonTokenType.Null ? null : ReadProperties(ref reader, options);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new RetainedEvent(utcTicks, value, sessionId, properties);
    }
}
