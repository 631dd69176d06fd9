using System.Text.Json;
using System.Text.Json.Serialization;

namespace Personalization.Rules;

/// <summary>Writes null, bool, number, string, list of strings, or a date as an RFC 3339 string; reads dates back from such strings.</summary>
public sealed class RuleValueJsonConverter : JsonConverter<RuleValue>
{
    /// <summary>For converters of types that hold rule values, which write them without a lookup in the options.</summary>
    public static readonly RuleValueJsonConverter Instance = new();

    public override bool HandleNull => true;

    public override RuleValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return RuleValue.Null;
            case JsonTokenType.True:
                return RuleValue.FromBool(true);
            case JsonTokenType.False:
                return RuleValue.FromBool(false);
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var number) && double.IsFinite(number)
                    ? RuleValue.FromNumber(number)
                    : throw new JsonException("numbers must be finite and within the range of a double");
            case JsonTokenType.String:
                return RuleValue.FromText(reader.GetString()!);
            case JsonTokenType.StartArray:
                var items = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("lists may only hold strings"));
                }

                return RuleValue.FromStrings(items);
            default:
                throw new JsonException("objects are not allowed");
        }
    }

    public override void Write(Utf8JsonWriter writer, RuleValue value, JsonSerializerOptions options)
    {
        switch (value.Kind)
        {
            case RuleValueKind.Bool:
                writer.WriteBooleanValue(value.AsBool);
                break;
            case RuleValueKind.Number:
                writer.WriteNumberValue(value.AsNumber);
                break;
            case RuleValueKind.String:
                writer.WriteStringValue(value.AsString);
                break;
            case RuleValueKind.StringList:
                writer.WriteStartArray();
                foreach (var item in value.AsStrings)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            case RuleValueKind.Date:
                writer.WriteStringValue(DateText.Format(value.AsDate));
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
