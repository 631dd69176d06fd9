using System.Globalization;

namespace Personalization.LoadTests.Runner.Reports;

internal static class ReportFormat
{
    public const string Missing = "n/a";

    public static string Ms(double value) => Number(value, "0.###");

    public static string Rps(double value) => Number(value, "0.#");

    public static string Percent(double value) => double.IsFinite(value) ? $"{value.ToString("0.##", CultureInfo.InvariantCulture)} %" : Missing;

    public static string Ratio(double value) => double.IsFinite(value) ? $"{value.ToString("0.00", CultureInfo.InvariantCulture)}×" : Missing;

    public static string Number(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : Missing;

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string End(ScenarioEnd end) => end switch
    {
        ScenarioEnd.Completed => "completed",
        ScenarioEnd.CallCapReached => "stopped at the call cap",
        ScenarioEnd.Stopped => "stopped by the run deadline or cancellation",
        _ => end.ToString(),
    };

    public static string Verdict(bool passed) => passed ? "passed" : "FAILED";

    public static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
