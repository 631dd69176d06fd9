using System.Globalization;

namespace Personalization.Console.Engine;

/// <summary>How the console writes times and rates.</summary>
public static class Formats
{
    /// <summary>"5 min ago", "3 h ago", "2 d ago", or the date past a month.</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var age = now - at;
        return age.TotalMinutes < 1 ? "just now"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min ago"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours} h ago"
            : age.TotalDays < 31 ? $"{(int)age.TotalDays} d ago"
            : at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %" : "–";

    public static string Time(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "–";
}
