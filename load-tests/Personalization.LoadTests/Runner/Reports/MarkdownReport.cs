using System.Text;

namespace Personalization.LoadTests.Runner.Reports;

public static class MarkdownReport
{
    public static string Render(RunResult result, string title)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {Cell(title)}").AppendLine();
        md.AppendLine($"Started {ReportFormat.Timestamp(result.StartedAt)}, took {DurationText.Format(result.Duration)}; " +
            $"scenarios ran {(result.Concurrent ? "concurrently" : "one after another")}. " +
            $"Thresholds: **{ReportFormat.Verdict(result.ThresholdsPassed)}**.").AppendLine();
        md.AppendLine("Latency is in milliseconds, measured from each call's intended start, over ok calls; warm-up calls are excluded.").AppendLine();

        md.AppendLine("## Summary").AppendLine();
        md.AppendLine("| scenario | ok | failed | dropped | RPS | p50 | p75 | p95 | p99 | max | thresholds |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var s in result.Scenarios)
        {
            var l = s.Ok.Latency;
            md.AppendLine($"| {Cell(s.Name)}{(s.IsBaseline ? " (baseline)" : "")} | {ReportFormat.Count(s.Ok.Count)} | {ReportFormat.Count(s.Fail.Count)} | " +
                $"{ReportFormat.Count(s.Dropped.Count)} | {ReportFormat.Rps(s.Rps)} | {ReportFormat.Ms(l.P50Ms)} | {ReportFormat.Ms(l.P75Ms)} | " +
                $"{ReportFormat.Ms(l.P95Ms)} | {ReportFormat.Ms(l.P99Ms)} | {ReportFormat.Ms(l.MaxMs)} | {ThresholdSummary(s)} |");
        }

        md.AppendLine();
        if (result.Baseline is { } baseline)
        {
            md.AppendLine($"## Ratios vs baseline {Cell(baseline.Scenario)}").AppendLine();
            if (result.Rounds > 1)
            {
                md.AppendLine($"Each round's scenarios against the same round's baseline; the median of {result.Rounds} rounds:").AppendLine();
                md.AppendLine("| scenario | throughput | lowest | highest | p50 | p99 |");
                md.AppendLine("|---|---:|---:|---:|---:|---:|");
                foreach (var m in result.MedianRatiosVsBaseline())
                {
                    md.AppendLine($"| {Cell(m.Target)} | {ReportFormat.Ratio(m.Throughput)} | {ReportFormat.Ratio(m.LowestThroughput)} | {ReportFormat.Ratio(m.HighestThroughput)} | {ReportFormat.Ratio(m.P50)} | {ReportFormat.Ratio(m.P99)} |");
                }

                md.AppendLine().AppendLine("Each round:").AppendLine();
            }

            md.AppendLine("| scenario | baseline | throughput | p50 | p99 |");
            md.AppendLine("|---|---|---:|---:|---:|");
            foreach (var r in result.RatiosVsBaseline())
            {
                md.AppendLine($"| {Cell(r.Target)} | {Cell(r.Baseline)} | {ReportFormat.Ratio(r.Throughput)} | {ReportFormat.Ratio(r.P50)} | {ReportFormat.Ratio(r.P99)} |");
            }

            md.AppendLine();
        }

        if (result.MedianRatiosVsComparedWith() is { Count: > 0 } pairs)
        {
            md.AppendLine("## Pairs").AppendLine();
            md.AppendLine($"Each scenario against the one it is compared with, in the same round; the median of {result.Rounds} round{(result.Rounds > 1 ? "s" : "")}:").AppendLine();
            md.AppendLine("| scenario | compared with | throughput | lowest | highest | p50 | p99 |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|");
            foreach (var m in pairs)
            {
                md.AppendLine($"| {Cell(m.Target)} | {Cell(m.Baseline)} | {ReportFormat.Ratio(m.Throughput)} | {ReportFormat.Ratio(m.LowestThroughput)} | {ReportFormat.Ratio(m.HighestThroughput)} | {ReportFormat.Ratio(m.P50)} | {ReportFormat.Ratio(m.P99)} |");
            }

            md.AppendLine();
        }

        foreach (var s in result.Scenarios)
        {
            AppendScenario(md, s);
        }

        return md.ToString();
    }

    private static void AppendScenario(StringBuilder md, ScenarioStats s)
    {
        md.AppendLine($"## Scenario {Cell(s.Name)}{(s.IsBaseline ? " (baseline)" : "")}").AppendLine();
        md.AppendLine("| measure | value |");
        md.AppendLine("|---|---|");
        foreach (var (measure, value) in ScenarioRows(s))
        {
            md.AppendLine($"| {measure} | {Cell(value)} |");
        }

        md.AppendLine();
        if (s.Thresholds.Count > 0)
        {
            md.AppendLine("Thresholds:").AppendLine();
            foreach (var t in s.Thresholds)
            {
                md.AppendLine($"- {ReportFormat.Verdict(t.Passed)}: `{t.Description.Replace('`', '\'')}`{(t.Error is null ? "" : $" ({t.Error})")}");
            }

            md.AppendLine();
        }

        if (s.FailReasons.Count > 0)
        {
            md.AppendLine("| failure reason | count |");
            md.AppendLine("|---|---:|");
            foreach (var reason in s.FailReasons)
            {
                md.AppendLine($"| {Cell(reason.Message)} | {ReportFormat.Count(reason.Count)} |");
            }

            md.AppendLine();
        }
    }

    /// <summary>The per-scenario measures shared by the Markdown and HTML reports.</summary>
    internal static IEnumerable<(string Measure, string Value)> ScenarioRows(ScenarioStats s)
    {
        var l = s.Ok.Latency;
        yield return ("load", string.Join("; then ", s.Simulations));
        yield return ("warm-up", s.WarmUp > TimeSpan.Zero ? DurationText.Format(s.WarmUp) : "none");
        yield return ("measured for", DurationText.Format(s.Duration));
        yield return ("ended", ReportFormat.End(s.End));
        yield return ("ok", $"{ReportFormat.Count(s.Ok.Count)} ({ReportFormat.Percent(s.Ok.Percent)}), {ReportFormat.Rps(s.Ok.Rps)}/s, {ReportFormat.Count(s.Ok.Bytes)} bytes");
        yield return ("failed", $"{ReportFormat.Count(s.Fail.Count)} ({ReportFormat.Percent(s.Fail.Percent)}), {ReportFormat.Rps(s.Fail.Rps)}/s");
        yield return ("dropped at the in-flight bound", $"{ReportFormat.Count(s.Dropped.Count)} ({ReportFormat.Percent(s.Dropped.Percent)})");
        yield return ("latency ms min / mean / stddev", $"{ReportFormat.Ms(l.MinMs)} / {ReportFormat.Ms(l.MeanMs)} / {ReportFormat.Ms(l.StdDevMs)}");
        yield return ("latency ms p50 / p75 / p95 / p99 / max", $"{ReportFormat.Ms(l.P50Ms)} / {ReportFormat.Ms(l.P75Ms)} / {ReportFormat.Ms(l.P95Ms)} / {ReportFormat.Ms(l.P99Ms)} / {ReportFormat.Ms(l.MaxMs)}");
        yield return ("service time ms p50 / p99 / max", $"{ReportFormat.Ms(s.ServiceTime.P50Ms)} / {ReportFormat.Ms(s.ServiceTime.P99Ms)} / {ReportFormat.Ms(s.ServiceTime.MaxMs)}");
        yield return ("failed-call latency ms p50 / p99", $"{ReportFormat.Ms(s.Fail.Latency.P50Ms)} / {ReportFormat.Ms(s.Fail.Latency.P99Ms)}");
    }

    internal static string ThresholdSummary(ScenarioStats s) =>
        s.Thresholds.Count == 0 ? "none" : $"{s.Thresholds.Count(t => t.Passed)}/{s.Thresholds.Count} {ReportFormat.Verdict(s.ThresholdsPassed)}";

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
}
