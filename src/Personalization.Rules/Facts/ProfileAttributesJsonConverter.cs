using System.Text.Json;
using System.Text.Json.Serialization;

namespace Personalization.Rules.Facts;

/// <summary>Reads and writes a profile as a JSON object of attribute name to value, the form stored rows hold.</summary>
public sealed class ProfileAttributesJsonConverter : JsonConverter<ProfileAttributes>
{
    public override ProfileAttributes Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a profile must be a JSON object of attribute names to values");
        }

        var attributes = new List<KeyValuePair<string, RuleValue>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            attributes.Add(new(name, RuleValueJsonConverter.Instance.Read(ref reader, typeof(RuleValue), options)));
        }

        return ProfileAttributes.From(attributes);
    }

    public override void Write(Utf8JsonWriter writer, ProfileAttributes value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, attribute) in value)
        {
            writer.WritePropertyName(name);
            RuleValueJsonConverter.Instance.Write(writer, attribute, options);
        }

        writer.WriteEndObject();
    }
}
