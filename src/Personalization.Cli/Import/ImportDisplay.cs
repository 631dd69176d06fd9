using Spectre.Console;

namespace Personalization.Cli.Import;

/// <summary>How an import shows itself: a live bar on a terminal, a line every few seconds in a log, a summary at the end.</summary>
internal static class ImportDisplay
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(2);

    public static string Describe(ImportProgress p) =>
        $"{p.LinesRead:N0} lines read, {p.Accepted:N0} accepted, {p.Rejected + p.Invalid:N0} rejected, {p.EventsPerSecond:N0} events/s"
        + (p.Retries > 0 ? $", {p.Retries:N0} retries" : "")
        + (p.FailedBatches > 0 ? $", {p.FailedBatches:N0} batches failed" : "");

    public static async Task<ImportSummary> ShowLiveAsync(IAnsiConsole console, Task<ImportSummary> import, LatestProgress progress, ReadCountingStream source)
    {
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                // The share of the file's bytes read is the one measure of how far along the import is that is known from the start.
                var bar = context.AddTask(Describe(progress.Current), maxValue: Math.Max(1, source.Length));
                while (!import.IsCompleted)
                {
                    await Task.WhenAny(import, Task.Delay(RedrawInterval));
                    bar.Value = source.BytesRead;
                    bar.Description = Describe(progress.Current);
                }

                var summary = await import;
                bar.Value = bar.MaxValue;
                bar.Description = Describe(summary.Totals);
                return summary;
            });
    }

    public static async Task<ImportSummary> ShowPeriodicAsync(IAnsiConsole console, Task<ImportSummary> import, LatestProgress progress)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (await Task.WhenAny(import, Task.Delay(LineInterval)) != import)
        {
            // The clock, not the last report's time, so a line written while batches wait to be retried shows time passing.
            console.WriteLine($"{TimeProvider.System.GetElapsedTime(started):hh\\:mm\\:ss} {Describe(progress.Current)}");
        }

        return await import;
    }

    public static void WriteSummary(IAnsiConsole console, string source, ImportSummary summary)
    {
        var t = summary.Totals;
        var totals = new Table()
            .Title(Markup.Escape(summary.DryRun ? $"Dry run of {source}: nothing was sent" : $"Import of {source}"))
            .AddColumn("What")
            .AddColumn(new TableColumn("Count").RightAligned())
            .HideHeaders();
        AddRow(totals, "Lines read", $"{t.LinesRead:N0}");
        AddRow(totals, "Unreadable lines (not sent)", $"{t.Invalid:N0}");
        if (summary.DryRun)
        {
            AddRow(totals, "Events ready to send", $"{t.LinesRead - t.Invalid:N0}");
        }
        else
        {
            AddRow(totals, "Events sent", $"{t.EventsSent:N0}");
            AddRow(totals, "Accepted", $"{t.Accepted:N0}");
            AddRow(totals, "  of which duplicates", $"{t.Duplicates:N0}");
            AddRow(totals, "Rejected by the engine", $"{t.Rejected:N0}");
            AddRow(totals, "Retries", $"{t.Retries:N0}");
            AddRow(totals, "Failed batches", $"{t.FailedBatches:N0} ({t.FailedEvents:N0} events)");
        }

        AddRow(totals, "Elapsed", $"{t.Elapsed:hh\\:mm\\:ss\\.f}");
        AddRow(totals, "Events/s", $"{t.EventsPerSecond:N0}");
        console.Write(totals);

        if (summary.FirstProblems.Count > 0)
        {
            var problems = new Table()
                .Title(Markup.Escape($"First {summary.FirstProblems.Count:N0} of {summary.ProblemCount:N0} lines not stored"))
                .AddColumn(new TableColumn("Line").RightAligned())
                .AddColumn("Reason");
            foreach (var problem in summary.FirstProblems)
            {
                AddRow(problems, $"{problem.Line}", problem.Reason);
            }

            console.Write(problems);
        }

        if (summary.FailedBatches.Count > 0)
        {
            var failed = new Table()
                .Title("Batches not delivered")
                .AddColumn("Lines")
                .AddColumn(new TableColumn("Events").RightAligned())
                .AddColumn(new TableColumn("Attempts").RightAligned())
                .AddColumn("Reason");
            foreach (var batch in summary.FailedBatches)
            {
                AddRow(failed, batch.FirstLine == batch.LastLine ? $"{batch.FirstLine}" : $"{batch.FirstLine}-{batch.LastLine}", $"{batch.Events:N0}", $"{batch.Attempts}", batch.Reason);
            }

            console.Write(failed);
        }

        console.WriteLine(Verdict(summary));
    }

    private static string Verdict(ImportSummary summary) => (summary.DryRun, summary.Succeeded) switch
    {
        (true, true) => "Every line can be sent.",
        (true, false) => "Some lines cannot be sent; see above.",
        (false, true) => "Every line was accepted.",
        (false, false) => "Not every line was accepted; see above.",
    };

    private static void AddRow(Table table, params string[] cells) => table.AddRow(cells.Select(cell => new Text(cell)));
}
