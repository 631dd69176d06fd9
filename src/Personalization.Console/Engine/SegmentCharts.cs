using Personalization.Membership;
using Personalization.Segments;

namespace Personalization.Console.Engine;

/// <summary>A segment's last <see cref="Hours"/> hours as chart series: size at the end of each hour, entries and exits in it.</summary>
public sealed record SegmentCharts(string[] Labels, double[] Sizes, double[] Entries, double[] Exits)
{
    public const int Hours = SegmentMembershipStreams.HistoryHours;

    /// <summary>
    /// Sizes are the current size walked back through each hour's net change, so they need no stored history beyond
    /// the hourly entries and exits the shards keep.
    /// </summary>
    public static SegmentCharts From(SegmentStats stats, DateTimeOffset now)
    {
        var lastHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var entries = new double[Hours];
        var exits = new double[Hours];
        foreach (var hour in stats.Hours)
        {
            var index = Hours - 1 - (int)Math.Round((lastHour - hour.Hour).TotalHours);
            if (index is >= 0 and < Hours)
            {
                entries[index] += hour.Entries;
                exits[index] += hour.Exits;
            }
        }

        var sizes = new double[Hours];
        double size = stats.Size;
        for (var i = Hours - 1; i >= 0; i--)
        {
            sizes[i] = size;
            size -= entries[i] - exits[i];
        }

        // A label a day keeps the axis readable at phone width.
        var labels = Enumerable.Range(0, Hours).Select(i => (Hours - 1 - i) % 24 == 0 ? lastHour.AddHours(i - (Hours - 1)).ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "").ToArray();
        return new SegmentCharts(labels, sizes, entries, exits);
    }
}
