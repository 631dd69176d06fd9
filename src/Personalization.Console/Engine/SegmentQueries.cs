using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Customers;
using Personalization.Membership;
using Personalization.Rules;
using Personalization.Segments;

namespace Personalization.Console.Engine;

/// <summary>A segment in the list: its definition, size and the last 7 days' entries and exits per day.</summary>
public sealed record SegmentSummary(SegmentDefinition Definition, int Size, ImmutableArray<int> DailyEntries, ImmutableArray<int> DailyExits);

/// <summary>A page of a segment's members and where the next page starts (null after the last).</summary>
public sealed record MemberPage(ImmutableArray<string> Members, MemberPosition? Next);

/// <summary>A position in a segment's members: a membership shard and the last id read from it.</summary>
public sealed record MemberPosition(int Shard, string? After);

/// <summary>Where a rule fails to compile, for the editor to show under the exact line and column.</summary>
public sealed record RuleError(string Message, int Line, int Column);

/// <summary>The console's segment reads and writes, through the same grains and services as the HTTP API.</summary>
public sealed class SegmentQueries(
    IGrainFactory grains,
    SegmentInsights insights,
    SegmentCatalogCache catalogs,
    [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time)
{
    public const int SparklineDays = 7;

    /// <summary>The preview's sample and examples when the console asks: the HTTP API's defaults.</summary>
    public const int PreviewSampleSize = 1000;
    public const int PreviewExamples = 10;

    private ISegmentCatalogGrain Catalog => grains.GetGrain<ISegmentCatalogGrain>(0);

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<ImmutableArray<SegmentSummary>> ListAsync()
    {
        var snapshot = await Catalog.GetSnapshotAsync();
        var now = time.GetUtcNow();
        var since = now.AddDays(-SparklineDays);
        var stats = await Task.WhenAll(snapshot.Segments.Select(s => insights.StatsAsync(s.Id, since)));
        return [.. snapshot.Segments.Zip(stats, (definition, stat) => new SegmentSummary(
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

    public async Task<SegmentDefinition?> FindAsync(string segmentId) =>
        (await Catalog.GetSnapshotAsync()).Segments.FirstOrDefault(s => s.Id == segmentId);

    public Task<SegmentStats> StatsAsync(string segmentId, int hours) => insights.StatsAsync(segmentId, time.GetUtcNow().AddHours(-hours));

    public Task<ImmutableArray<SegmentDefinition>> VersionsAsync(string segmentId) => Catalog.GetVersionsAsync(segmentId);

    /// <summary>Members in shard order, each shard's ids in ordinal order, as the HTTP member export pages them.</summary>
    public async Task<MemberPage> MembersAsync(string segmentId, MemberPosition? from, int pageSize)
    {
        var members = ImmutableArray.CreateBuilder<string>(pageSize);
        var (shard, after) = from is null ? (0, null) : (from.Shard, from.After);
        while (shard < SegmentMembershipStreams.ShardCount && members.Count < pageSize)
        {
            var wanted = pageSize - members.Count;
            var page = await grains.GetGrain<ISegmentMembershipShardGrain>(SegmentMembershipStreams.Key(segmentId, shard)).GetMembersAsync(after, wanted);
            members.AddRange(page);
            if (page.Length == wanted)
            {
                after = page[^1];
                break;
            }

            (shard, after) = (shard + 1, null);
        }

        return new MemberPage(members.ToImmutable(), shard < SegmentMembershipStreams.ShardCount ? new MemberPosition(shard, after) : null);
    }

    /// <summary>The rule's first error, or null when it compiles with the catalog.</summary>
    public RuleError? Check(string rule)
    {
        try
        {
            SegmentCatalog.Validate(rule);
            catalogs.CompileWithDraft(rule);
            return null;
        }
        catch (RuleSyntaxException e)
        {
            return new RuleError(e.Message, e.Line, e.Column);
        }
        catch (SegmentRuleException e)
        {
            return new RuleError(e.Message, e.Line, e.Column);
        }
    }

    /// <summary>The same preview as POST /v1/segments/preview with its default sample.</summary>
    public Task<SegmentPreview> PreviewAsync(string rule) => insights.PreviewAsync(rule, PreviewSampleSize, PreviewExamples);

    /// <summary>Stores the segment (the catalog grain compiles the whole catalog first) and brings this silo up to date.</summary>
    public async Task<(SegmentDefinition? Saved, RuleError? Error)> SaveAsync(SegmentDraft draft)
    {
        if (Check(draft.Rule) is { } error)
        {
            return (null, error);
        }

        var result = await Catalog.PutAsync(draft);
        if (result.Status == SegmentWriteStatus.InvalidRule)
        {
            return (null, new RuleError(result.Error!.Message, result.Error.Line ?? 1, result.Error.Column ?? 1));
        }

        await catalogs.RefreshAsync();
        return (result.Segment, null);
    }
}
