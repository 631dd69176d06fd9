using System.Text.Json;
using System.Text.Json.Serialization;

namespace Personalization.Rules.Facts;

/// <summary>Stores an activity mark as <c>[utcTicks, offsetMinutes, sessionId]</c>; the object form of earlier rows is still read.</summary>
public sealed class ActivityMarkJsonConverter : JsonConverter<ActivityMark>
{
    public override ActivityMark Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            // The object form of a mark is that of an event without value or properties.
            var legacy = RetainedEventJsonConverter.ReadObject(ref reader, options);
            return new ActivityMark(legacy.UtcTicks, legacy.SessionId);
        }

        CompactEventJson.Expect(ref reader, JsonTokenType.StartArray);
        var utcTicks = CompactEventJson.ReadInstant(ref reader);
        string? sessionId = null;
        if (CompactEventJson.Next(ref reader))
        {
            sessionId = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            CompactEventJson.Expect(ref reader, JsonTokenType.EndArray, advance: true);
        }

        return new ActivityMark(utcTicks, sessionId);
    }

    public override void Write(Utf8JsonWriter writer, ActivityMark value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        CompactEventJson.WriteInstant(writer, value.UtcTicks);
        if (value.SessionId is not null)
        {
            writer.WriteStringValue(value.SessionId);
        }

        writer.WriteEndArray();
    }
}
