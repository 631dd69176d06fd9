using Personalization.Cli.Import;

namespace Personalization.Cli.Tests;

public sealed class CsvReaderTests
{
    private static List<CsvRecord> Read(string text) => [.. new CsvReader(new StringReader(text)).ReadAll()];

    private static void AssertRecord(CsvRecord record, long line, params string[] fields)
    {
        Assert.Null(record.Error);
        Assert.Equal(line, record.Line);
        Assert.Equal(fields, record.Fields);
    }

    [Fact]
    public void Plain_fields_are_split_at_commas_one_record_per_line()
    {
        var records = Read("a,b,c\n1,2,3\n");

        Assert.Equal(2, records.Count);
        AssertRecord(records[0], 1, "a", "b", "c");
        AssertRecord(records[1], 2, "1", "2", "3");
    }

    [Fact]
    public void A_quoted_field_keeps_its_commas()
    {
        var record = Assert.Single(Read("536365,\"WHITE HANGING HEART, T-LIGHT HOLDER\",2.55"));

        AssertRecord(record, 1, "536365", "WHITE HANGING HEART, T-LIGHT HOLDER", "2.55");
    }

    [Fact]
    public void Doubled_quotes_in_a_quoted_field_are_one_quote()
    {
        var record = Assert.Single(Read("\"12\"\" RULER\",\"\"\"\"\n"));

        AssertRecord(record, 1, "12\" RULER", "\"");
    }

    [Fact]
    public void Empty_fields_are_kept_wherever_they_are()
    {
        var records = Read(",,\nx,,\n,\"\",y\n");

        AssertRecord(records[0], 1, "", "", "");
        AssertRecord(records[1], 2, "x", "", "");
        AssertRecord(records[2], 3, "", "", "y");
    }

    [Fact]
    public void A_quoted_line_break_is_part_of_the_field_and_later_records_keep_their_file_line_numbers()
    {
        var records = Read("id,note\r\n1,\"first\r\nsecond\nthird\"\r\n2,after\r\n");

        AssertRecord(records[0], 1, "id", "note");
        AssertRecord(records[1], 2, "1", "first\r\nsecond\nthird");
        AssertRecord(records[2], 5, "2", "after");
    }

    [Fact]
    public void Crlf_and_lf_both_end_a_record_and_the_last_line_needs_no_line_break()
    {
        var records = Read("a,b\r\nc,d\ne,f");

        Assert.Equal(3, records.Count);
        AssertRecord(records[2], 3, "e", "f");
    }

    [Fact]
    public void Empty_lines_are_not_records_but_still_count_as_lines()
    {
        var records = Read("a\n\n\r\nb\n\n");

        Assert.Equal(2, records.Count);
        AssertRecord(records[0], 1, "a");
        AssertRecord(records[1], 4, "b");
    }

    [Fact]
    public void Spaces_are_data()
    {
        AssertRecord(Assert.Single(Read(" a , b ")), 1, " a ", " b ");
    }

    [Fact]
    public void Text_after_a_closing_quote_makes_the_record_bad_and_reading_resumes_on_the_next_line()
    {
        var records = Read("1,\"abc\"def,3\n2,ok,4\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(1, records[0].Line);
        Assert.Contains("'d' after the closing quote of field 2", records[0].Error);
        Assert.Empty(records[0].Fields);
        AssertRecord(records[1], 2, "2", "ok", "4");
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_makes_the_record_bad()
    {
        var records = Read("1,12\" RULER,3\n2,ok,4");

        Assert.Contains("a quote inside an unquoted field (field 2)", records[0].Error);
        AssertRecord(records[1], 2, "2", "ok", "4");
    }

    [Fact]
    public void A_quoted_field_left_open_is_reported_at_the_line_it_opened_on()
    {
        var records = Read("a,b\n1,\"never closed\n2,x\n");

        Assert.Equal(2, records.Count);
        AssertRecord(records[0], 1, "a", "b");
        Assert.Equal(2, records[1].Line);
        Assert.Equal("the quoted field 2 opened on line 2 is not closed before the end of the file", records[1].Error);
    }

    [Fact]
    public void An_empty_input_has_no_records()
    {
        Assert.Empty(Read(""));
        Assert.Empty(Read("\n\n"));
    }
}
