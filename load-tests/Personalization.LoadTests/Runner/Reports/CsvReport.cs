using System.Globalization;

namespace Personalization.LoadTests.Runner.Reports;

/// <summary>RFC 4180 CSV with invariant numbers; missing values (NaN) are empty fields so spreadsheets read them as blanks.</summary>
public static class CsvReport
{
    public static readonly string[] StatsHeader =
    [
        "scenario", "baseline", "ended", "duration_s", "ok", "fail", "dropped", "ok_percent", "fail_percent", "dropped_percent",
        "rps", "ok_rps", "ok_bytes", "min_ms", "mean_ms", "p50_ms", "p75_ms", "p95_ms", "p99_ms", "max_ms",
        "service_p50_ms", "service_p99_ms", "thresholds_passed",
    ];

    public static readonly string[] SeriesHeader = ["scenario", "second", "ok", "fail", "p50_ms", "p99_ms", "max_ms"];

    public static void WriteStats(TextWriter writer, RunResult result)
    {
        WriteRow(writer, StatsHeader);
        foreach (var s in result.Scenarios)
        {
            var l = s.Ok.Latency;
            WriteRow(writer,
            [
                s.Name, Bool(s.IsBaseline), s.End.ToString(), Number(s.Duration.TotalSeconds), Count(s.Ok.Count), Count(s.Fail.Count), Count(s.Dropped.Count),
                Number(s.Ok.Percent), Number(s.Fail.Percent), Number(s.Dropped.Percent), Number(s.Rps), Number(s.Ok.Rps), Count(s.Ok.Bytes),
                Number(l.MinMs), Number(l.MeanMs), Number(l.P50Ms), Number(l.P75Ms), Number(l.P95Ms), Number(l.P99Ms), Number(l.MaxMs),
                Number(s.ServiceTime.P50Ms), Number(s.ServiceTime.P99Ms), Bool(s.ThresholdsPassed),
            ]);
        }
    }

    public static void WriteSeries(TextWriter writer, RunResult result)
    {
        WriteRow(writer, SeriesHeader);
        foreach (var s in result.Scenarios)
        {
            foreach (var p in s.Series)
            {
                WriteRow(writer, [s.Name, p.Second.ToString(CultureInfo.InvariantCulture), Count(p.Ok), Count(p.Fail), Number(p.P50Ms), Number(p.P99Ms), Number(p.MaxMs)]);
            }
        }
    }

    private static void WriteRow(TextWriter writer, IReadOnlyList<string> fields)
    {
        writer.Write(string.Join(',', fields.Select(Quote)));
        writer.Write("\r\n");
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"")}\"" : field;

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("0.######", CultureInfo.InvariantCulture) : "";

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";
}
