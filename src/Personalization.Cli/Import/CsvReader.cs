using System.Text;

namespace Personalization.Cli.Import;

/// <summary>
/// Reads RFC 4180 CSV: comma-separated fields, where a field in double quotes may hold commas, line breaks and
/// doubled quotes. Lines with nothing on them are not records. A malformed record comes back with its error and
/// reading resumes on the next line, so one bad row never hides the rows after it.
/// </summary>
public sealed class CsvReader(TextReader reader)
{
    private const int EndOfFile = -1;

    private readonly StringBuilder field = new();
    private long line = 1;

    public IEnumerable<CsvRecord> ReadAll()
    {
        while (ReadRecord() is { } record)
        {
            yield return record;
        }
    }

    /// <summary>The next record, or null at the end of the file.</summary>
    public CsvRecord? ReadRecord()
    {
        while (reader.Peek() is '\r' or '\n')
        {
            SkipLineBreak(reader.Read());
        }

        if (reader.Peek() == EndOfFile)
        {
            return null;
        }

        var start = line;
        var fields = new List<string>();
        while (true)
        {
            field.Clear();
            var number = fields.Count + 1;
            var afterField = reader.Peek() == '"' ? ReadQuotedField(start, number) : ReadUnquotedField(number);
            if (afterField.Error is { } error)
            {
                return new CsvRecord(start, [], error);
            }

            fields.Add(field.ToString());
            if (afterField.Next != ',')
            {
                SkipLineBreak(afterField.Next);
                return new CsvRecord(start, fields, null);
            }
        }
    }

    private (int Next, string? Error) ReadUnquotedField(int number)
    {
        while (true)
        {
            var c = reader.Read();
            switch (c)
            {
                case ',' or '\r' or '\n' or EndOfFile:
                    return (c, null);
                case '"':
                    SkipRestOfLine();
                    return (c, $"a quote inside an unquoted field (field {number}); quote the whole field and double the quotes in it");
                default:
                    field.Append((char)c);
                    break;
            }
        }
    }

    private (int Next, string? Error) ReadQuotedField(long start, int number)
    {
        reader.Read();
        while (true)
        {
            var c = reader.Read();
            if (c == EndOfFile)
            {
                return (c, $"the quoted field {number} opened on line {start} is not closed before the end of the file");
            }

            if (c == '"')
            {
                if (reader.Peek() != '"')
                {
                    break;
                }

                reader.Read();
            }
            else if (c == '\n' || (c == '\r' && reader.Peek() != '\n'))
            {
                line++;
            }

            field.Append((char)c);
        }

        var next = reader.Read();
        if (next is ',' or '\r' or '\n' or EndOfFile)
        {
            return (next, null);
        }

        SkipRestOfLine();
        return (next, $"'{(char)next}' after the closing quote of field {number}; a quoted field must end at a comma or the end of the line");
    }

    private void SkipRestOfLine()
    {
        int c;
        do
        {
            c = reader.Read();
        }
        while (c is not ('\r' or '\n' or EndOfFile));

        SkipLineBreak(c);
    }

    private void SkipLineBreak(int c)
    {
        if (c == '\r' && reader.Peek() == '\n')
        {
            reader.Read();
        }

        if (c is '\r' or '\n')
        {
            line++;
        }
    }
}
