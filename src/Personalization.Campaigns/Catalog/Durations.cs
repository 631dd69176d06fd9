using System.Globalization;

namespace Personalization.Campaigns.Catalog;

/// <summary>Durations as the rule language writes windows: whole minutes, hours or days ("30m", "2h", "7d").</summary>
public static class Durations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length is < 2 or > 8 || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        switch (text[^1])
        {
            case 'm':
                duration = TimeSpan.FromMinutes(amount);
                return true;
            case 'h':
                duration = TimeSpan.FromHours(amount);
                return true;
            case 'd':
                duration = TimeSpan.FromDays(amount);
                return true;
            default:
                return false;
        }
    }

    public static string Format(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerDay == 0 ? $"{duration.Ticks / TimeSpan.TicksPerDay}d"
        : duration.Ticks % TimeSpan.TicksPerHour == 0 ? $"{duration.Ticks / TimeSpan.TicksPerHour}h"
        : $"{duration.Ticks / TimeSpan.TicksPerMinute}m";
}
