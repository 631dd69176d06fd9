using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Personalization.Cli.Import;

/// <summary>
/// Turns the records of a CSV file with a header row into events of one type, field by field through
/// <see cref="CsvColumns"/>. A record that cannot become an event is returned as invalid with the reason.
/// </summary>
public sealed class CsvEventSource
{
    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    private readonly CsvReader reader;
    private readonly string eventType;
    private readonly int headerWidth;
    private readonly MappedColumn customer;
    private readonly MappedColumn? timestamp;
    private readonly MappedColumn? value;
    private readonly MappedColumn? eventId;
    private readonly MappedColumn? session;
    private readonly (MappedColumn Column, PropertyKind Kind)[] properties;
    private readonly ArrayBufferWriter<byte> buffer = new();

    private CsvEventSource(CsvReader reader, string eventType, IReadOnlyList<string> header, CsvColumns columns)
    {
        this.reader = reader;
        this.eventType = eventType;
        headerWidth = header.Count;
        customer = Find(header, columns.Customer, "--customer-column");
        timestamp = columns.Timestamp is { } t ? Find(header, t, "--timestamp-column", canBeLeftOut: true) : null;
        value = columns.Value is { } v ? Find(header, v, "--value-column", canBeLeftOut: true) : null;
        eventId = columns.EventId is { } e ? Find(header, e, "--event-id-column") : null;
        session = columns.Session is { } s ? Find(header, s, "--session-column") : null;
        properties = [.. (columns.Properties ?? []).Select(p => (Find(header, p.Column, "--property-column"), p.Kind))];
    }

    /// <summary>Reads the header row and checks that every mapped column is in it.</summary>
    /// <exception cref="InvalidDataException">The header is missing or malformed, or lacks a mapped column.</exception>
    public static CsvEventSource Open(TextReader text, string eventType, CsvColumns columns)
    {
        var reader = new CsvReader(text);
        var header = reader.ReadRecord() ?? throw new InvalidDataException("The file is empty; a CSV import needs a header row.");
        if (header.Error is { } error)
        {
            throw new InvalidDataException($"The header row (line {header.Line}) cannot be read: {error}.");
        }

        return new CsvEventSource(reader, eventType, header.Fields, columns);
    }

    public IEnumerable<ImportRow> Rows()
    {
        foreach (var record in reader.ReadAll())
        {
            yield return record.Error is { } error
                ? ImportRow.Invalid(record.Line, error)
                : Map(record);
        }
    }

    private ImportRow Map(CsvRecord record)
    {
        var fields = record.Fields;
        if (fields.Count != headerWidth)
        {
            return ImportRow.Invalid(record.Line, $"{fields.Count} fields where the header has {headerWidth}");
        }

        var customerId = customer.In(fields);
        if (customerId.Length == 0)
        {
            return ImportRow.Invalid(record.Line, $"{customer.Name} is empty");
        }

        string? when = null;
        if (timestamp is not null)
        {
            (when, var timestampError) = ToTimestamp(timestamp, fields);
            if (timestampError is not null)
            {
                return ImportRow.Invalid(record.Line, timestampError);
            }
        }

        double? amount = null;
        if (value is not null && value.In(fields) is { Length: > 0 } valueText)
        {
            if (!TryParseNumber(valueText, out var number))
            {
                return ImportRow.Invalid(record.Line, $"{value.Name} '{valueText}' is not a number");
            }

            amount = number;
        }

        var id = eventId?.In(fields);
        if (id is { Length: 0 })
        {
            return ImportRow.Invalid(record.Line, $"{eventId!.Name} is empty; every event needs its id when --event-id-column is given");
        }

        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("customerId", customerId);
            json.WriteString("type", eventType);
            if (when is not null)
            {
                json.WriteString("timestamp", when);
            }

            if (session?.In(fields) is { Length: > 0 } sessionId)
            {
                json.WriteString("sessionId", sessionId);
            }

            if (amount is { } a)
            {
                json.WriteNumber("value", a);
            }

            if (id is not null)
            {
                json.WriteString("eventId", id);
            }

            if (WriteProperties(json, fields) is { } propertyError)
            {
                return ImportRow.Invalid(record.Line, propertyError);
            }

            json.WriteEndObject();
        }

        return ImportRow.Event(record.Line, buffer.WrittenSpan.ToArray());
    }

    private string? WriteProperties(Utf8JsonWriter json, IReadOnlyList<string> fields)
    {
        var started = false;
        foreach (var (column, kind) in properties)
        {
            var text = column.In(fields);
            if (text.Length == 0)
            {
                continue;
            }

            if (!started)
            {
                json.WriteStartObject("properties");
                started = true;
            }

            switch (kind)
            {
                case PropertyKind.Number when TryParseNumber(text, out var number):
                    json.WriteNumber(column.Name, number);
                    break;
                case PropertyKind.Number:
                    return $"{column.Name} '{text}' is not a number";
                case PropertyKind.Boolean when bool.TryParse(text, out var flag):
                    json.WriteBoolean(column.Name, flag);
                    break;
                case PropertyKind.Boolean:
                    return $"{column.Name} '{text}' is not true or false";
                default:
                    json.WriteString(column.Name, text);
                    break;
            }
        }

        if (started)
        {
            json.WriteEndObject();
        }

        return null;
    }

    private static (string? Timestamp, string? Error) ToTimestamp(MappedColumn column, IReadOnlyList<string> fields)
    {
        var text = column.In(fields);
        if (text.Length == 0)
        {
            return (null, $"{column.Name} is empty");
        }

        // A day alone is how most exports write dates; it means that whole day, so it starts at midnight UTC.
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return (day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z", null);
        }

        // Parsed as DateTime first only to learn whether an offset was written: without one the instant is unknown.
        if (!DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var local)
            || !DateTimeOffset.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return (null, $"{column.Name} '{text}' is not a date (yyyy-MM-dd) or a date-time (yyyy-MM-ddTHH:mm:ss with Z or an offset)");
        }

        if (local.Kind == DateTimeKind.Unspecified)
        {
            return (null, $"{column.Name} '{text}' has no offset; add Z or one such as +01:00");
        }

        return (instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture), null);
    }

    private static bool TryParseNumber(string text, out double number) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    private static MappedColumn Find(IReadOnlyList<string> header, string name, string option, bool canBeLeftOut = false)
    {
        var index = -1;
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] != name)
            {
                continue;
            }

            if (index >= 0)
            {
                throw new InvalidDataException($"The header has two columns named '{name}' ({option}); rename one.");
            }

            index = i;
        }

        return index >= 0
            ? new MappedColumn(name, index)
            : throw new InvalidDataException(
                $"The header has no column '{name}' ({option}); it has {string.Join(", ", header.Select(h => $"'{h}'"))}."
                + (canBeLeftOut ? $" To send events without that field, pass {option} \"\"." : ""));
    }

    private sealed record MappedColumn(string Name, int Index)
    {
        public string In(IReadOnlyList<string> fields) => fields[Index];
    }
}
