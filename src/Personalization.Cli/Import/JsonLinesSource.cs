using System.Text;
using System.Text.Json;

namespace Personalization.Cli.Import;

/// <summary>
/// JSON lines: every non-blank line is one event object exactly as <c>POST /v1/events</c> takes it. Lines are
/// only checked to be JSON objects and then sent unchanged; the engine judges the fields and says why it rejects one.
/// </summary>
public static class JsonLinesSource
{
    public static IEnumerable<ImportRow> Rows(TextReader reader)
    {
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return ToRow(line, text.Trim());
            }
        }
    }

    private static ImportRow ToRow(long line, string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        try
        {
            using var document = JsonDocument.Parse(utf8);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? ImportRow.Event(line, utf8)
                : ImportRow.Invalid(line, $"a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()} where an event object was expected");
        }
        catch (JsonException e)
        {
            return ImportRow.Invalid(line, $"not valid JSON: {e.Message}");
        }
    }
}
