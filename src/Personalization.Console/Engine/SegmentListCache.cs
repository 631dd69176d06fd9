using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Membership;
using Personalization.Segments;
using Personalization.Timing;

namespace Personalization.Console.Engine;

/// <summary>
/// The segment list's rows, shared by every open console: computing them asks each segment's membership shards for
/// their stats (segments × shards grain calls, 1,600 for 100 segments), too much to repeat for every page load and
/// every viewer. The rows are kept per catalog version (a saved or deleted segment is listed at once) and their sizes
/// and sparklines for <see cref="StatsLifetime"/>; callers arriving while the rows are computed share that computation.
/// </summary>
public sealed class SegmentListCache(
    IGrainFactory grains,
    SegmentInsights insights,
    [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time)
{
    public const int SparklineDays = 7;

    /// <summary>How old a size or sparkline in the list may be.</summary>
    public static readonly TimeSpan StatsLifetime = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private (long CatalogVersion, DateTimeOffset ComputedAt, Task<ImmutableArray<SegmentSummary>> Rows)? current;

    public async Task<ImmutableArray<SegmentSummary>> GetAsync()
    {
        var snapshot = await grains.GetGrain<ISegmentCatalogGrain>(0).GetSnapshotAsync();
        var now = time.GetUtcNow();
        Task<ImmutableArray<SegmentSummary>> rows;
        lock (gate)
        {
            if (current is not { } kept || kept.CatalogVersion != snapshot.Version || now - kept.ComputedAt > StatsLifetime || kept.Rows.IsFaulted)
            {
                current = kept = (snapshot.Version, now, ComputeAsync(snapshot.Segments, now));
            }

            rows = kept.Rows;
        }

        return await rows;
    }

    private async Task<ImmutableArray<SegmentSummary>> ComputeAsync(ImmutableArray<SegmentDefinition> segments, DateTimeOffset now)
    {
        var since = now.AddDays(-SparklineDays);
        var stats = await Task.WhenAll(segments.Select(s => insights.StatsAsync(s.Id, since)));
        return [.. segments.Zip(stats, (definition, stat) => new SegmentSummary(
            definition, stat.Size, Daily(stat.Hours, now, h => h.Entries), Daily(stat.Hours, now, h => h.Exits)))];
    }

    private static ImmutableArray<int> Daily(ImmutableArray<HourlyMembershipChanges> hours, DateTimeOffset now, Func<HourlyMembershipChanges, int> count)
    {
        var days = new int[SparklineDays];
        foreach (var hour in hours)
        {
            var daysAgo = (int)((now - hour.Hour).TotalHours / 24);
            if (daysAgo is >= 0 and < SparklineDays)
            {
                days[SparklineDays - 1 - daysAgo] += count(hour);
            }
        }

        return [.. days];
    }
}
