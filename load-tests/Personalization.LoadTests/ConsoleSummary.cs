using Personalization.LoadTests.Runner;
using Personalization.LoadTests.Runner.Reports;

namespace Personalization.LoadTests;

/// <summary>The few lines a person reads in the terminal; the files hold the rest.</summary>
internal static class ConsoleSummary
{
    public static void Write(TextWriter output, RunResult result, ReportFiles files)
    {
        string[] header = ["scenario", "ok", "failed", "dropped", "RPS", "p50 ms", "p99 ms", "max ms", "thresholds"];
        var rows = result.Scenarios.Select(s => new[]
        {
            s.IsBaseline ? $"{s.Name} (baseline)" : s.Name,
            ReportFormat.Count(s.Ok.Count),
            ReportFormat.Count(s.Fail.Count),
            ReportFormat.Count(s.Dropped.Count),
            ReportFormat.Rps(s.Rps),
            ReportFormat.Ms(s.Ok.Latency.P50Ms),
            ReportFormat.Ms(s.Ok.Latency.P99Ms),
            ReportFormat.Ms(s.Ok.Latency.MaxMs),
            MarkdownReport.ThresholdSummary(s),
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        output.WriteLine();
        foreach (var row in rows.Prepend(header))
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))));
        }

        foreach (var ratio in result.RatiosVsBaseline())
        {
            output.WriteLine($"{ratio.Target} vs {ratio.Baseline}: throughput {ReportFormat.Ratio(ratio.Throughput)}, p50 {ReportFormat.Ratio(ratio.P50)}, p99 {ReportFormat.Ratio(ratio.P99)}");
        }

        if (result.Rounds > 1)
        {
            foreach (var median in result.MedianRatiosVsBaseline())
            {
                WriteMedian(output, median);
            }
        }

        // Pairs as medians even of a single round, so that every pair reads the same way.
        foreach (var pair in result.MedianRatiosVsComparedWith())
        {
            WriteMedian(output, pair);
        }

        foreach (var (scenario, threshold) in result.FailedThresholds)
        {
            output.WriteLine($"threshold failed in {scenario}: {threshold.Description}{(threshold.Error is null ? "" : $" ({threshold.Error})")}");
        }

        output.WriteLine($"reports: {files.Markdown}, {files.Html}, {files.StatsCsv}, {files.SeriesCsv}");
        output.WriteLine($"thresholds {ReportFormat.Verdict(result.ThresholdsPassed)}");
    }

    private static void WriteMedian(TextWriter output, MedianRatio median) =>
        output.WriteLine($"{median.Target} vs {median.Baseline}, median of {median.Rounds} rounds: throughput {ReportFormat.Ratio(median.Throughput)} " +
            $"({ReportFormat.Ratio(median.LowestThroughput)} to {ReportFormat.Ratio(median.HighestThroughput)}), p50 {ReportFormat.Ratio(median.P50)}, p99 {ReportFormat.Ratio(median.P99)}");
}
