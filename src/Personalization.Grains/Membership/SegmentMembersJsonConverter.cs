using System.Text.Json;
using System.Text.Json.Serialization;

namespace Personalization.Membership;

/// <summary>Reads and writes members as a JSON object of id to sequence, the form rows had before members were paged.</summary>
public sealed class SegmentMembersJsonConverter : JsonConverter<SegmentMembers>
{
    public override SegmentMembers Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("segment members must be a JSON object of customer id to sequence");
        }

        var members = new SegmentMembers();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var id = reader.GetString()!;
            reader.Read();
            members.Load(id, reader.GetInt64());
        }

        return members;
    }

    public override void Write(Utf8JsonWriter writer, SegmentMembers value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (id, sequence) in value.Entries())
        {
            writer.WriteNumber(id, sequence);
        }

        writer.WriteEndObject();
    }
}
