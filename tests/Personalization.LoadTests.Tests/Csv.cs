using System.Text;

namespace Personalization.LoadTests.Tests;

/// <summary>An independent RFC 4180 reader, so the tests check the CSV files as a spreadsheet would see them.</summary>
internal static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                Assert.True(field.Length == 0, $"quote inside an unquoted field at {i}");
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                Assert.False(c is '\r' or '\n', $"bare line break at {i}");
                field.Append(c);
            }
        }

        Assert.False(quoted, "unterminated quoted field");
        Assert.True(field.Length == 0 && row.Count == 0, "last row lacks its CRLF");
        return rows;
    }
}
