using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Personalization.Cli.Tests;

/// <summary>The <c>personalization</c> command, from arguments to exit code and output, against the real engine in memory.</summary>
public sealed class CommandLineTests(EngineFactory engine) : IClassFixture<EngineFactory>, IDisposable
{
    private readonly DirectoryInfo files = Directory.CreateTempSubdirectory("personalization-cli-");
    private readonly CommandSession session = new(engine);

    public void Dispose() => files.Delete(recursive: true);

    private string File(string name, string content)
    {
        var path = Path.Combine(files.FullName, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    private Task<int> Run(bool liveProgress, params string[] args) => session.RunAsync(liveProgress, args);

    private Task<int> Run(params string[] args) => Run(liveProgress: false, args);

    private async Task<JsonNode?> Purchases(string customerId)
    {
        var customer = await engine.CreateClient().GetFromJsonAsync<JsonObject>($"/v1/customers/{customerId}");
        return customer!["counters"]?["purchase"];
    }

    [Fact]
    public async Task A_clean_csv_import_exits_zero_with_a_summary_and_the_purchases_are_stored()
    {
        var csv = File("invoices.csv",
            "InvoiceNo,InvoiceDate,CustomerID,TotalPrice,Description\n" +
            "536365,2010-12-01,cli-a,139.12,\"WHITE HANGING HEART, T-LIGHT \"\"HOLDER\"\"\"\n" +
            "536366,2010-12-01,cli-a,22.2,\n" +
            "536367,2010-12-02,cli-b,278.73,ALARM CLOCK\n");

        var exitCode = await Run("import", csv, "--event-id-column", "InvoiceNo", "--property-column", "Description", "--batch-size", "2");

        Assert.Equal(0, exitCode);
        Assert.Equal("", session.Errors);
        var text = session.Output;
        Assert.Contains("Import of invoices.csv", text);
        Assert.Matches(@"Lines read\s+│\s+3 │", text);
        Assert.Matches(@"Accepted\s+│\s+3 │", text);
        Assert.Contains("Every line was accepted.", text);
        var a = await Purchases("cli-a");
        Assert.Equal((2L, 161.32), (a!["count"]!.GetValue<long>(), Math.Round(a["sum"]!.GetValue<double>(), 6)));
        Assert.Equal(new DateTimeOffset(2010, 12, 2, 0, 0, 0, TimeSpan.Zero), (await Purchases("cli-b"))!["lastAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Unreadable_and_rejected_lines_are_listed_with_their_line_numbers_and_the_exit_code_is_one()
    {
        var csv = File("mixed.csv",
            "InvoiceDate,CustomerID,TotalPrice\n" +
            "2010-12-01,cli-good,1\n" +
            "2010-12-01,cli-good,lots\n" +
            "2010-12-01,not allowed!,3\n" +
            "2010-12-01,cli-good,4\n");

        var exitCode = await Run("import", csv);

        Assert.Equal(1, exitCode);
        var text = session.Output;
        Assert.Matches(@"│\s+3 │ TotalPrice 'lots' is not a number", text);
        Assert.Matches(@"│\s+4 │ customerId: ", text);
        Assert.Matches(@"Rejected by the engine\s+│\s+1 │", text);
        Assert.Contains("Not every line was accepted; see above.", text);
        Assert.Equal(2, (await Purchases("cli-good"))!["count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Json_lines_are_sent_as_they_are()
    {
        var jsonl = File("events.jsonl",
            """{"customerId":"cli-json","type":"purchase","value":10,"timestamp":"2011-01-01T10:00:00Z","eventId":"j-1","properties":{"channel":"web"}}""" + "\n\n" +
            """{"customerId":"cli-json","type":"purchase","value":5,"timestamp":"2011-01-02T10:00:00+01:00","eventId":"j-2"}""" + "\n");

        Assert.Equal(0, await Run(liveProgress: true, "import", jsonl));

        var purchases = await Purchases("cli-json");
        Assert.Equal((2L, 15.0), (purchases!["count"]!.GetValue<long>(), purchases["sum"]!.GetValue<double>()));
        Assert.Contains("Every line was accepted.", session.Output);
    }

    [Fact]
    public async Task The_format_comes_from_the_option_when_the_extension_does_not_tell()
    {
        var events = File("events.txt", """{"customerId":"cli-txt","type":"purchase"}""" + "\n");

        Assert.Equal(1, await Run("import", events));
        Assert.Contains("Cannot tell the format of events.txt from its extension; pass --format csv or --format jsonl.", session.Errors);
        Assert.Null(await Purchases("cli-txt"));

        Assert.Equal(0, await Run("import", events, "--format", "jsonl"));
        Assert.NotNull(await Purchases("cli-txt"));
    }

    [Fact]
    public async Task A_dry_run_checks_every_line_and_stores_nothing()
    {
        var csv = File("dry.csv", "InvoiceDate,CustomerID,TotalPrice\n2010-12-01,cli-dry,1\n2010-12-01,cli-dry,x\n");

        Assert.Equal(1, await Run("import", csv, "--dry-run"));

        var text = session.Output;
        Assert.Contains("Dry run of dry.csv: nothing was sent", text);
        Assert.Matches(@"Events ready to send\s+│\s+1 │", text);
        Assert.Matches(@"│\s+3 │ TotalPrice 'x' is not a number", text);
        Assert.Null(await Purchases("cli-dry"));
    }

    [Fact]
    public async Task A_column_missing_from_the_header_stops_before_anything_is_sent()
    {
        var csv = File("other.csv", "Date,Customer,Amount\n2010-12-01,cli-other,1\n");

        Assert.Equal(1, await Run("import", csv));

        Assert.StartsWith("The header has no column 'CustomerID' (--customer-column)", session.Errors);
        Assert.Equal(0, await Run("import", csv, "--customer-column", "Customer", "--timestamp-column", "Date", "--value-column", ""));
        var purchases = await Purchases("cli-other");
        Assert.Equal(1, purchases!["count"]!.GetValue<long>());
        Assert.Null(purchases["average"]);
    }

    [Theory]
    [InlineData("--batch-size", "1001", "--batch-size must be 1-1000 (got 1001)")]
    [InlineData("--parallelism", "0", "--parallelism must be 1-64 (got 0)")]
    [InlineData("--format", "xml", "Argument 'xml' not recognized")]
    [InlineData("--url", "ftp://engine", "'ftp://engine' is not an http:// or https:// address")]
    [InlineData("--property-column", "Items:integer", "'integer' in 'Items:integer' is not a property type")]
    public async Task Bad_options_are_refused_before_the_file_is_read(string option, string value, string message)
    {
        var csv = File("any.csv", "InvoiceDate,CustomerID,TotalPrice\n2010-12-01,cli-options,1\n");

        Assert.NotEqual(0, await Run("import", csv, option, value));

        Assert.Contains(message, session.Errors);
        Assert.Null(await Purchases("cli-options"));
    }

    [Fact]
    public async Task A_missing_file_is_reported()
    {
        Assert.Equal(1, await Run("import", Path.Combine(files.FullName, "nowhere.csv")));
        Assert.Contains("There is no file", session.Errors);
    }

    [Fact]
    public async Task Segments_list_shows_the_catalog()
    {
        var defined = await engine.CreateClient().PutAsJsonAsync("/v1/segments/cli-big", new { name = "Big spenders", rule = "sum(purchase.value) >= 5000" });
        Assert.True(defined.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK);

        Assert.Equal(0, await Run("segments", "list"));

        Assert.Matches(@"│ cli-big\s+│ Big spenders\s+│\s+\d+ │ sum\(purchase.value\) >= 5000\s+│", session.Output);
    }

    [Fact]
    public async Task Segments_load_rfm_stores_the_rfm_catalog_and_an_unknown_catalog_is_refused()
    {
        Assert.Equal(0, await Run("segments", "load", "rfm"));

        Assert.Contains("Stored 11 segments", session.Output);
        Assert.Matches(@"│ rfm-champions\s+│ Champions\s+│\s+\d+ │", session.Output);
        var stored = await engine.CreateClient().GetFromJsonAsync<JsonObject>("/v1/segments/rfm-hibernating");
        Assert.Equal("Hibernating", stored!["name"]!.GetValue<string>());
        Assert.NotEqual(0, await Run("segments", "load", "abc"));
    }
}
