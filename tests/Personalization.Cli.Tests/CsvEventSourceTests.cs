using System.Text;
using Personalization.Cli.Import;

namespace Personalization.Cli.Tests;

public sealed class CsvEventSourceTests
{
    private static readonly CsvColumns OnlineRetail = new("CustomerID", "InvoiceDate", "TotalPrice");

    private static List<ImportRow> Rows(string csv, CsvColumns? columns = null, string type = "purchase") =>
        [.. CsvEventSource.Open(new StringReader(csv), type, columns ?? OnlineRetail).Rows()];

    private static string Json(ImportRow row)
    {
        Assert.Null(row.Error);
        return Encoding.UTF8.GetString(row.EventJson!);
    }

    private static void AssertInvalid(ImportRow row, long line, string reason)
    {
        Assert.Null(row.EventJson);
        Assert.Equal(line, row.Line);
        Assert.Equal(reason, row.Error);
    }

    [Fact]
    public void An_online_retail_invoice_becomes_a_purchase_at_midnight_utc_with_its_total_as_value()
    {
        var row = Assert.Single(Rows("InvoiceNo,InvoiceDate,CustomerID,TotalPrice\n536366,2010-12-01,17850,22.200000000000003\n"));

        Assert.Equal(2, row.Line);
        Assert.Equal("""{"customerId":"17850","type":"purchase","timestamp":"2010-12-01T00:00:00Z","value":22.200000000000003}""", Json(row));
    }

    [Fact]
    public void Event_id_session_and_properties_are_sent_when_their_columns_are_named()
    {
        var columns = OnlineRetail with
        {
            EventId = "InvoiceNo",
            Session = "Session",
            Properties = [new PropertyColumn("Country", PropertyKind.Text), new PropertyColumn("Items", PropertyKind.Number), new PropertyColumn("Gift", PropertyKind.Boolean)],
        };

        var row = Assert.Single(Rows(
            "InvoiceNo,InvoiceDate,CustomerID,TotalPrice,Session,Country,Items,Gift\n" +
            "536365,2010-12-01,17850,139.12,s-1,\"United Kingdom, North\",7,true\n",
            columns));

        Assert.Equal(
            """{"customerId":"17850","type":"purchase","timestamp":"2010-12-01T00:00:00Z","sessionId":"s-1","value":139.12,"eventId":"536365","properties":{"Country":"United Kingdom, North","Items":7,"Gift":true}}""",
            Json(row));
    }

    [Fact]
    public void Empty_optional_fields_are_left_out_of_the_event()
    {
        var columns = OnlineRetail with { Session = "Session", Properties = [new PropertyColumn("Country", PropertyKind.Text)] };

        var row = Assert.Single(Rows("InvoiceDate,CustomerID,TotalPrice,Session,Country\n2010-12-01,c1,,,\n", columns));

        Assert.Equal("""{"customerId":"c1","type":"purchase","timestamp":"2010-12-01T00:00:00Z"}""", Json(row));
    }

    [Fact]
    public void Unmapped_timestamp_and_value_leave_those_fields_to_the_engine()
    {
        var row = Assert.Single(Rows("user\nalice\n", new CsvColumns("user", null, null), type: "page_view"));

        Assert.Equal("""{"customerId":"alice","type":"page_view"}""", Json(row));
    }

    [Theory]
    [InlineData("2011-12-09T14:30:00Z", "2011-12-09T14:30:00Z")]
    [InlineData("2011-12-09T14:30:00+01:00", "2011-12-09T13:30:00Z")]
    [InlineData("2011-12-09 14:30:00.25-05:00", "2011-12-09T19:30:00.25Z")]
    [InlineData("2011-12-09T00:30+02:00", "2011-12-08T22:30:00Z")]
    public void Date_times_with_an_offset_are_sent_as_utc(string written, string sent)
    {
        var row = Assert.Single(Rows($"InvoiceDate,CustomerID,TotalPrice\n{written},c1,1\n"));

        Assert.Contains($"\"timestamp\":\"{sent}\"", Json(row));
    }

    [Theory]
    [InlineData("-1.5e3", "-1500")]
    [InlineData(" 42 ", "42")]
    [InlineData("0.1", "0.1")]
    public void Numbers_are_read_in_the_invariant_culture(string written, string sent)
    {
        var row = Assert.Single(Rows($"InvoiceDate,CustomerID,TotalPrice\n2011-01-01,c1,{written}\n"));

        Assert.Contains($"\"value\":{sent}", Json(row));
    }

    [Theory]
    [InlineData("InvoiceDate,CustomerID,TotalPrice\n2011-01-01,c1,\"1,5\"\n", "TotalPrice '1,5' is not a number")]
    [InlineData("InvoiceDate,CustomerID,TotalPrice\n2011-01-01,c1,NaN\n", "TotalPrice 'NaN' is not a number")]
    [InlineData("InvoiceDate,CustomerID,TotalPrice\n2011-01-01,c1,1e999\n", "TotalPrice '1e999' is not a number")]
    [InlineData("InvoiceDate,CustomerID,TotalPrice\n2011-01-01,,3\n", "CustomerID is empty")]
    [InlineData("InvoiceDate,CustomerID,TotalPrice\n,c1,3\n", "InvoiceDate is empty")]
    [InlineData("InvoiceDate,CustomerID,TotalPrice\n01/12/2010,c1,3\n", "InvoiceDate '01/12/2010' is not a date (yyyy-MM-dd) or a date-time (yyyy-MM-ddTHH:mm:ss with Z or an offset)")]
    [InlineData("InvoiceDate,CustomerID,TotalPrice\n2010-12-01T10:00:00,c1,3\n", "InvoiceDate '2010-12-01T10:00:00' has no offset; add Z or one such as +01:00")]
    [InlineData("InvoiceDate,CustomerID,TotalPrice\n2010-12-01,c1\n", "2 fields where the header has 3")]
    [InlineData("InvoiceDate,CustomerID,TotalPrice\n2010-12-01,c1,3,4\n", "4 fields where the header has 3")]
    [InlineData("InvoiceDate,CustomerID,TotalPrice\n2010-12-01,\"c\"1,3\n", "'1' after the closing quote of field 2; a quoted field must end at a comma or the end of the line")]
    public void A_row_that_cannot_become_an_event_is_reported_with_its_line_and_reason(string csv, string reason)
    {
        AssertInvalid(Assert.Single(Rows(csv)), 2, reason);
    }

    [Fact]
    public void Typed_properties_and_event_ids_are_checked_too()
    {
        var columns = OnlineRetail with { EventId = "Id", Properties = [new PropertyColumn("Items", PropertyKind.Number), new PropertyColumn("Gift", PropertyKind.Boolean)] };
        var rows = Rows(
            "Id,InvoiceDate,CustomerID,TotalPrice,Items,Gift\n" +
            "1,2010-12-01,c1,1,seven,true\n" +
            "2,2010-12-01,c1,1,7,yes\n" +
            ",2010-12-01,c1,1,7,false\n",
            columns);

        AssertInvalid(rows[0], 2, "Items 'seven' is not a number");
        AssertInvalid(rows[1], 3, "Gift 'yes' is not true or false");
        AssertInvalid(rows[2], 4, "Id is empty; every event needs its id when --event-id-column is given");
    }

    [Fact]
    public void Good_rows_after_bad_ones_still_become_events()
    {
        var rows = Rows("InvoiceDate,CustomerID,TotalPrice\n2010-12-01,c1,x\n2010-12-02,c2,2\n");

        Assert.NotNull(rows[0].Error);
        Assert.Equal(3, rows[1].Line);
        Assert.Contains("\"customerId\":\"c2\"", Json(rows[1]));
    }

    [Fact]
    public void A_mapped_column_missing_from_the_header_stops_the_import_before_any_row()
    {
        var error = Assert.Throws<InvalidDataException>(() => CsvEventSource.Open(new StringReader("Date,CustomerID,TotalPrice\n"), "purchase", OnlineRetail));

        Assert.Equal(
            "The header has no column 'InvoiceDate' (--timestamp-column); it has 'Date', 'CustomerID', 'TotalPrice'. To send events without that field, pass --timestamp-column \"\".",
            error.Message);
    }

    [Fact]
    public void A_mapped_column_named_twice_in_the_header_is_ambiguous()
    {
        var error = Assert.Throws<InvalidDataException>(() => CsvEventSource.Open(new StringReader("InvoiceDate,CustomerID,TotalPrice,CustomerID\n"), "purchase", OnlineRetail));

        Assert.Equal("The header has two columns named 'CustomerID' (--customer-column); rename one.", error.Message);
    }

    [Fact]
    public void An_empty_file_has_no_header()
    {
        Assert.Throws<InvalidDataException>(() => CsvEventSource.Open(new StringReader(""), "purchase", OnlineRetail));
    }

    [Theory]
    [InlineData("Country", "Country", PropertyKind.Text)]
    [InlineData("Items:number", "Items", PropertyKind.Number)]
    [InlineData("Gift:boolean", "Gift", PropertyKind.Boolean)]
    [InlineData("Note:text", "Note", PropertyKind.Text)]
    public void A_property_column_may_name_its_type(string text, string column, PropertyKind kind)
    {
        Assert.Equal(new PropertyColumn(column, kind), PropertyColumn.Parse(text));
    }

    [Theory]
    [InlineData("Items:integer")]
    [InlineData(":number")]
    [InlineData("")]
    public void A_property_column_with_an_unknown_type_or_no_name_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => PropertyColumn.Parse(text));
    }
}
