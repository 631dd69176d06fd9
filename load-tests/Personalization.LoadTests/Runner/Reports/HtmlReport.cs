using System.Net;
using System.Text;

namespace Personalization.LoadTests.Runner.Reports;

/// <summary>One self-contained page: tables plus inline SVG charts, no scripts, no external resources.</summary>
public static class HtmlReport
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    public static string Render(RunResult result, string title)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine($"<title>{E(title)}</title>");
        html.AppendLine("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}" +
            "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}" +
            "th:first-child,td:first-child{text-align:left}.passed{color:#2a7d2a}.failed{color:#c62828;font-weight:bold}" +
            "figure{margin:1em 0}</style>");
        html.AppendLine("</head><body>");
        html.AppendLine($"<h1>{E(title)}</h1>");
        html.AppendLine($"<p>Started {E(ReportFormat.Timestamp(result.StartedAt))}, took {E(DurationText.Format(result.Duration))}; " +
            $"scenarios ran {(result.Concurrent ? "concurrently" : "one after another")}. Thresholds: {Verdict(result.ThresholdsPassed)}.</p>");
        html.AppendLine("<p>Latency is in milliseconds, measured from each call's intended start, over ok calls; warm-up calls are excluded.</p>");

        AppendSummary(html, result);
        AppendRatios(html, result);
        AppendCharts(html, result);
        foreach (var s in result.Scenarios)
        {
            AppendScenario(html, s);
        }

        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static void AppendSummary(StringBuilder html, RunResult result)
    {
        html.AppendLine("<h2>Summary</h2><table><tr><th>scenario</th><th>ok</th><th>failed</th><th>dropped</th><th>RPS</th>" +
            "<th>p50</th><th>p75</th><th>p95</th><th>p99</th><th>max</th><th>thresholds</th></tr>");
        foreach (var s in result.Scenarios)
        {
            var l = s.Ok.Latency;
            html.AppendLine($"<tr><td>{E(s.Name)}{(s.IsBaseline ? " (baseline)" : "")}</td><td>{ReportFormat.Count(s.Ok.Count)}</td><td>{ReportFormat.Count(s.Fail.Count)}</td>" +
                $"<td>{ReportFormat.Count(s.Dropped.Count)}</td><td>{ReportFormat.Rps(s.Rps)}</td><td>{ReportFormat.Ms(l.P50Ms)}</td><td>{ReportFormat.Ms(l.P75Ms)}</td>" +
                $"<td>{ReportFormat.Ms(l.P95Ms)}</td><td>{ReportFormat.Ms(l.P99Ms)}</td><td>{ReportFormat.Ms(l.MaxMs)}</td>" +
                $"<td class=\"{(s.ThresholdsPassed ? "passed" : "failed")}\">{E(MarkdownReport.ThresholdSummary(s))}</td></tr>");
        }

        html.AppendLine("</table>");
    }

    private static void AppendRatios(StringBuilder html, RunResult result)
    {
        if (result.Baseline is not { } baseline)
        {
            return;
        }

        html.AppendLine($"<h2>Ratios vs baseline {E(baseline.Scenario)}</h2>");
        if (result.Rounds > 1)
        {
            html.AppendLine($"<p>Each round's scenarios against the same round's baseline; the median of {result.Rounds} rounds:</p>");
            html.AppendLine("<table><tr><th>scenario</th><th>throughput</th><th>lowest</th><th>highest</th><th>p50</th><th>p99</th></tr>");
            foreach (var m in result.MedianRatiosVsBaseline())
            {
                html.AppendLine($"<tr><td>{E(m.Target)}</td><td>{ReportFormat.Ratio(m.Throughput)}</td><td>{ReportFormat.Ratio(m.LowestThroughput)}</td><td>{ReportFormat.Ratio(m.HighestThroughput)}</td><td>{ReportFormat.Ratio(m.P50)}</td><td>{ReportFormat.Ratio(m.P99)}</td></tr>");
            }

            html.AppendLine("</table><p>Each round:</p>");
        }

        html.AppendLine("<table><tr><th>scenario</th><th>baseline</th><th>throughput</th><th>p50</th><th>p99</th></tr>");
        foreach (var r in result.RatiosVsBaseline())
        {
            html.AppendLine($"<tr><td>{E(r.Target)}</td><td>{E(r.Baseline)}</td><td>{ReportFormat.Ratio(r.Throughput)}</td><td>{ReportFormat.Ratio(r.P50)}</td><td>{ReportFormat.Ratio(r.P99)}</td></tr>");
        }

        html.AppendLine("</table>");
    }

    private static void AppendCharts(StringBuilder html, RunResult result)
    {
        html.AppendLine("<h2>Over time</h2>");
        // A second that only partly lies inside the load (the last one, or calls draining after it) would plot as a
        // bogus drop in throughput, so this chart keeps whole seconds; the latency charts keep every second.
        var throughput = result.Scenarios.Select((s, i) => new ChartSeries(
            s.Name,
            Palette[i % Palette.Length],
            s.Series.Where(p => p.Second + 1 <= s.Duration.TotalSeconds + 0.05).Select(p => (Middle(p), (double)p.Count)).ToArray())).ToArray();
        Figure(html, SvgChart.Line("Throughput: calls completed per whole second", "seconds since the measured load began", "calls/s", throughput));

        foreach (var s in result.Scenarios)
        {
            var latency = new[]
            {
                new ChartSeries("p50", Palette[0], s.Series.Select(p => (Middle(p), p.P50Ms)).ToArray()),
                new ChartSeries("p99", Palette[1], s.Series.Select(p => (Middle(p), p.P99Ms)).ToArray()),
                new ChartSeries("max", "#999999", s.Series.Select(p => (Middle(p), p.MaxMs)).ToArray(), Dashed: true),
            };
            Figure(html, SvgChart.Line($"Latency of {s.Name} (all completed calls)", "seconds since the measured load began", "ms", latency));
        }
    }

    private static void AppendScenario(StringBuilder html, ScenarioStats s)
    {
        html.AppendLine($"<h2>Scenario {E(s.Name)}{(s.IsBaseline ? " (baseline)" : "")}</h2><table><tr><th>measure</th><th>value</th></tr>");
        foreach (var (measure, value) in MarkdownReport.ScenarioRows(s))
        {
            html.AppendLine($"<tr><td>{E(measure)}</td><td>{E(value)}</td></tr>");
        }

        html.AppendLine("</table>");
        if (s.Thresholds.Count > 0)
        {
            html.AppendLine("<ul>");
            foreach (var t in s.Thresholds)
            {
                html.AppendLine($"<li>{Verdict(t.Passed)}: <code>{E(t.Description)}</code>{(t.Error is null ? "" : $" ({E(t.Error)})")}</li>");
            }

            html.AppendLine("</ul>");
        }

        if (s.FailReasons.Count > 0)
        {
            html.AppendLine("<table><tr><th>failure reason</th><th>count</th></tr>");
            foreach (var reason in s.FailReasons)
            {
                html.AppendLine($"<tr><td>{E(reason.Message)}</td><td>{ReportFormat.Count(reason.Count)}</td></tr>");
            }

            html.AppendLine("</table>");
        }
    }

    // A point stands for the calls completed during its second, so it sits in the middle of that second.
    private static double Middle(SecondStats point) => point.Second + 0.5;

    private static void Figure(StringBuilder html, string svg) => html.AppendLine($"<figure>{svg}</figure>");

    private static string Verdict(bool passed) =>
        $"<span class=\"{(passed ? "passed" : "failed")}\">{ReportFormat.Verdict(passed)}</span>";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
