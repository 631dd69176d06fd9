using System.Text;
using Personalization.Cli.Import;

namespace Personalization.Cli.Tests;

public sealed class JsonLinesSourceTests
{
    [Fact]
    public void Each_object_line_is_sent_exactly_as_written_and_blank_lines_keep_the_numbering()
    {
        const string first = """{"customerId":"alice","type":"page_view","properties":{"category":"shoes"},"extra":1}""";
        const string second = """{"customerId":"bob","type":"purchase","value":"lots"}""";

        var rows = JsonLinesSource.Rows(new StringReader($"{first}\n\n   \n  {second}  \r\n")).ToList();

        Assert.Equal(2, rows.Count);
        Assert.Equal((1L, first), (rows[0].Line, Encoding.UTF8.GetString(rows[0].EventJson!)));
        Assert.Equal((4L, second), (rows[1].Line, Encoding.UTF8.GetString(rows[1].EventJson!)));
    }

    [Fact]
    public void A_line_that_is_not_a_json_object_is_reported_and_not_sent()
    {
        var rows = JsonLinesSource.Rows(new StringReader("{\"customerId\":\n[1,2]\n\"text\"\n{}\n")).ToList();

        Assert.Equal([1L, 2, 3, 4], rows.Select(r => r.Line));
        Assert.StartsWith("not valid JSON", rows[0].Error);
        Assert.Equal("a JSON array where an event object was expected", rows[1].Error);
        Assert.Equal("a JSON string where an event object was expected", rows[2].Error);
        Assert.Null(rows[3].Error);
    }
}
