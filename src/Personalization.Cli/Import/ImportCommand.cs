using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;
using Spectre.Console;

namespace Personalization.Cli.Import;

/// <summary><c>personalization import &lt;file&gt;</c>: a historical backfill of events from CSV or JSON lines.</summary>
internal sealed class ImportCommand : Command
{
    /// <summary>The exit code of an import stopped by Ctrl+C, as shells report a process ended by SIGINT.</summary>
    public const int CancelledExitCode = 130;

    private readonly Argument<FileInfo> file = new("file") { Description = "The CSV (with a header row) or JSON-lines file to import" };
    private readonly Option<Uri> url = CliApplication.EngineUrlOption();
    private readonly Option<string?> apiKey = CliApplication.ApiKeyOption();
    private readonly Option<string?> format = new("--format") { Description = "csv or jsonl [default: from the file's extension: .csv; .jsonl or .ndjson]" };
    private readonly Option<string> type = new("--type") { Description = "CSV: the event type of every row", DefaultValueFactory = _ => "purchase" };
    private readonly Option<string> customerColumn = new("--customer-column") { Description = "CSV: the column holding the customer id", DefaultValueFactory = _ => "CustomerID" };
    private readonly Option<string> timestampColumn = new("--timestamp-column") { Description = "CSV: the column holding the event's time, a yyyy-MM-dd day (midnight UTC) or a date-time with an offset; \"\" for none (the engine's time)", DefaultValueFactory = _ => "InvoiceDate" };
    private readonly Option<string> valueColumn = new("--value-column") { Description = "CSV: the column holding the event's number; \"\" for none", DefaultValueFactory = _ => "TotalPrice" };
    private readonly Option<string?> eventIdColumn = new("--event-id-column") { Description = "CSV: the column holding a unique event id, so an event imported twice is counted once" };
    private readonly Option<string?> sessionColumn = new("--session-column") { Description = "CSV: the column holding the session id" };
    private readonly Option<string[]> propertyColumns = new("--property-column") { Description = "CSV: a column sent as an event property of the same name; name, name:number or name:boolean; repeatable" };
    private readonly Option<int> batchSize = new("--batch-size") { Description = $"Events per request, 1-{ImportOptions.MaxBatchSize}; a batch is also cut early to keep its body within 1 MiB", DefaultValueFactory = _ => ImportOptions.MaxBatchSize };
    private readonly Option<int> parallelism = new("--parallelism") { Description = "Requests on their way at once, 1-64", DefaultValueFactory = _ => 4 };
    private readonly Option<bool> dryRun = new("--dry-run") { Description = "Read and check every line and report problems, but send nothing" };

    private readonly IAnsiConsole console;
    private readonly TextWriter errors;
    private readonly Func<Uri, HttpClient> connect;
    private readonly bool liveProgress;

    public ImportCommand(IAnsiConsole console, TextWriter errors, Func<Uri, HttpClient> connect, bool liveProgress)
        : base("import", "Backfill historical events from a file into a running engine. Exit code 0 only when every line was accepted.")
    {
        this.console = console;
        this.errors = errors;
        this.connect = connect;
        this.liveProgress = liveProgress;

        format.AcceptOnlyFromAmong("csv", "jsonl");
        batchSize.Validators.Add(result => RequireRange(result, 1, ImportOptions.MaxBatchSize));
        parallelism.Validators.Add(result => RequireRange(result, 1, 64));
        propertyColumns.Validators.Add(result =>
        {
            foreach (var text in result.GetValueOrDefault<string[]>() ?? [])
            {
                try
                {
                    PropertyColumn.Parse(text);
                }
                catch (FormatException e)
                {
                    result.AddError($"--property-column: {e.Message}");
                }
            }
        });

        Arguments.Add(file);
        foreach (var option in new Option[] { url, apiKey, format, type, customerColumn, timestampColumn, valueColumn, eventIdColumn, sessionColumn, propertyColumns, batchSize, parallelism, dryRun })
        {
            Options.Add(option);
        }

        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var source = parsed.GetRequiredValue(file);
        if (!source.Exists)
        {
            await errors.WriteLineAsync($"There is no file {source.FullName}.");
            return 1;
        }

        var chosenFormat = parsed.GetValue(format) ?? FormatOf(source);
        if (chosenFormat is null)
        {
            await errors.WriteLineAsync($"Cannot tell the format of {source.Name} from its extension; pass --format csv or --format jsonl.");
            return 1;
        }

        var options = new ImportOptions
        {
            BatchSize = parsed.GetValue(batchSize),
            Parallelism = parsed.GetValue(parallelism),
            DryRun = parsed.GetValue(dryRun),
        };

        await using var stream = new ReadCountingStream(source.OpenRead());
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        IEnumerable<ImportRow> rows;
        try
        {
            rows = chosenFormat == "csv"
                ? CsvEventSource.Open(text, parsed.GetRequiredValue(type), Columns(parsed)).Rows()
                : JsonLinesSource.Rows(text);
        }
        catch (InvalidDataException e)
        {
            await errors.WriteLineAsync(e.Message);
            return 1;
        }

        using var http = CliApplication.Connect(connect, parsed, url, apiKey);
        var progress = new LatestProgress();
        var import = new EventImporter(http, options).RunAsync(rows, progress, cancellationToken);
        ImportSummary summary;
        try
        {
            summary = liveProgress
                ? await ImportDisplay.ShowLiveAsync(console, import, progress, stream)
                : await ImportDisplay.ShowPeriodicAsync(console, import, progress);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await errors.WriteLineAsync($"Cancelled: {ImportDisplay.Describe(progress.Current)}. Batches on their way when it stopped may or may not be stored.");
            return CancelledExitCode;
        }

        ImportDisplay.WriteSummary(console, source.Name, summary);
        return summary.Succeeded ? 0 : 1;
    }

    private CsvColumns Columns(ParseResult parsed) => new(
        parsed.GetRequiredValue(customerColumn),
        NullWhenEmpty(parsed.GetValue(timestampColumn)),
        NullWhenEmpty(parsed.GetValue(valueColumn)),
        NullWhenEmpty(parsed.GetValue(eventIdColumn)),
        NullWhenEmpty(parsed.GetValue(sessionColumn)),
        [.. (parsed.GetValue(propertyColumns) ?? []).Select(PropertyColumn.Parse)]);

    private static string? NullWhenEmpty(string? column) => string.IsNullOrEmpty(column) ? null : column;

    private static string? FormatOf(FileInfo source) => source.Extension.ToLowerInvariant() switch
    {
        ".csv" => "csv",
        ".jsonl" or ".ndjson" => "jsonl",
        _ => null,
    };

    private static void RequireRange(OptionResult result, int min, int max)
    {
        var value = result.GetValueOrDefault<int>();
        if (value < min || value > max)
        {
            result.AddError($"{result.Option.Name} must be {min}-{max} (got {value})");
        }
    }
}
