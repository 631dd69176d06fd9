using System.Text;

namespace Personalization.LoadTests.Runner.Reports;

public sealed record ReportFiles(string Markdown, string StatsCsv, string SeriesCsv, string Html);

public static class RunReports
{
    /// <summary>Writes report.md, stats.csv, timeseries.csv and report.html into <paramref name="directory"/>, creating it if needed.</summary>
    public static ReportFiles Write(RunResult result, string directory, string title = "Load test")
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var files = new ReportFiles(
            Path.Combine(directory, "report.md"),
            Path.Combine(directory, "stats.csv"),
            Path.Combine(directory, "timeseries.csv"),
            Path.Combine(directory, "report.html"));

        File.WriteAllText(files.Markdown, MarkdownReport.Render(result, title), utf8);
        File.WriteAllText(files.Html, HtmlReport.Render(result, title), utf8);
        using (var stats = new StreamWriter(files.StatsCsv, append: false, utf8))
        {
            CsvReport.WriteStats(stats, result);
        }

        using (var series = new StreamWriter(files.SeriesCsv, append: false, utf8))
        {
            CsvReport.WriteSeries(series, result);
        }

        return files;
    }
}
