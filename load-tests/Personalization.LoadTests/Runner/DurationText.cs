using System.Globalization;
using System.Text.RegularExpressions;

namespace Personalization.LoadTests.Runner;

/// <summary>Durations as people type them on a command line and read them in a report: 500ms, 10s, 1m30s.</summary>
public static partial class DurationText
{
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.FromSeconds(1))
        {
            return $"{value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms";
        }

        if (value.Ticks % TimeSpan.TicksPerSecond != 0 || value < TimeSpan.FromMinutes(1))
        {
            return $"{value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s";
        }

        var text = "";
        if (value.TotalHours >= 1)
        {
            text += $"{(int)value.TotalHours}h";
        }

        if (value.Minutes > 0)
        {
            text += $"{value.Minutes}m";
        }

        if (value.Seconds > 0)
        {
            text += $"{value.Seconds}s";
        }

        return text;
    }

    /// <summary>Accepts unit-suffixed parts (h, m, s, ms) in that order, or a plain TimeSpan such as 00:00:10.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = Pattern().Match(text.Trim());
        if (match.Success && match.Length > 0)
        {
            var total = 0.0;
            total += Part(match, "h") * 3_600_000;
            total += Part(match, "m") * 60_000;
            total += Part(match, "s") * 1_000;
            total += Part(match, "ms");
            value = TimeSpan.FromMilliseconds(total);
            return true;
        }

        // A bare number would parse as days, which nobody means on a load-test command line.
        return text.Contains(':') && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    private static double Part(Match match, string group) =>
        match.Groups[group].Success ? double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m(?!s))?(?:(?<s>\d+(?:\.\d+)?)s)?(?:(?<ms>\d+(?:\.\d+)?)ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
