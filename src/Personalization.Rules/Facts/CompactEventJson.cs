using System.Text.Json;

namespace Personalization.Rules.Facts;

/// <summary>
/// The parts the two compact forms share: the instant as UTC ticks and offset minutes, and array walking. The ledger
/// keeps instants in UTC, so the offset written is 0; it stays in the form because earlier code reads it, and an
/// offset read from an earlier row changes nothing about the instant.
/// </summary>
internal static class CompactEventJson
{
    public static void WriteInstant(Utf8JsonWriter writer, long utcTicks)
    {
        writer.WriteNumberValue(utcTicks);
        writer.WriteNumberValue(0);
    }

    /// <summary>Reads the first two elements and returns the UTC ticks; the reader is left on the second.</summary>
    public static long ReadInstant(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.Number, advance: true);
        var utcTicks = reader.GetInt64();
        if (utcTicks < DateTimeOffset.MinValue.UtcTicks || utcTicks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new JsonException($"a stored event's instant must be between {DateTimeOffset.MinValue.UtcTicks} and {DateTimeOffset.MaxValue.UtcTicks} ticks; found {utcTicks}");
        }

        Expect(ref reader, JsonTokenType.Number, advance: true);
        return utcTicks;
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
