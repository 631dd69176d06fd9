using Personalization.Timing;
using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Customers;
using Personalization.Membership;
using Personalization.Rules;
using Personalization.Security;
using Personalization.Segments;

namespace Personalization.Console.Engine;

/// <summary>The console's segment reads and writes, through the same grains and services as the HTTP API.</summary>
public sealed class SegmentQueries(
    IGrainFactory grains,
    SegmentInsights insights,
    SegmentCatalogCache catalogs,
    SegmentListCache list,
    ConsoleAudit audit,
    [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time)
{
    /// <summary>The preview's sample and examples when the console asks: the HTTP API's defaults.</summary>
    public const int PreviewSampleSize = 1000;
    public const int PreviewExamples = 10;

    private ISegmentCatalogGrain Catalog => grains.GetGrain<ISegmentCatalogGrain>(0);

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The list's rows, from the list cache every console shares.</summary>
    public Task<ImmutableArray<SegmentSummary>> ListAsync() => list.GetAsync();

    public async Task<SegmentDefinition?> FindAsync(string segmentId) =>
        (await Catalog.GetSnapshotAsync()).Segments.FirstOrDefault(s => s.Id == segmentId);

    public Task<SegmentStats> StatsAsync(string segmentId, int hours) => insights.StatsAsync(segmentId, time.GetUtcNow().AddHours(-hours));

    /// <summary>The segment's latest stored version (a deletion is one), as the audit trail records it.</summary>
    private async Task<long?> LatestVersionAsync(string segmentId) => (await Catalog.GetVersionsAsync(segmentId)) is [.., var last] ? last.Version : null;

    public Task<ImmutableArray<SegmentDefinition>> VersionsAsync(string segmentId) => Catalog.GetVersionsAsync(segmentId);

    /// <summary>Members as the HTTP member export pages them; from the start when <paramref name="from"/> is null.</summary>
    public Task<MemberExportPage> MembersAsync(string segmentId, MemberPosition? from, int pageSize) =>
        insights.MembersAsync(segmentId, from ?? MemberPosition.Start, pageSize);

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

    /// <summary>
    /// Stores the segment (the catalog grain compiles the whole catalog first), records it in the audit trail as
    /// PUT /v1/segments/{id} does, and brings this silo up to date.
    /// </summary>
    public async Task<(SegmentDefinition? Saved, RuleError? Error)> SaveAsync(SegmentDraft draft)
    {
        if (Check(draft.Rule) is { } error)
        {
            return (null, error);
        }

        var before = await LatestVersionAsync(draft.Id);
        var result = await Catalog.PutAsync(draft);
        if (result.Status == SegmentWriteStatus.InvalidRule)
        {
            return (null, new RuleError(result.Error!.Message, result.Error.Line ?? 1, result.Error.Column ?? 1));
        }

        await audit.RecordAsync(AuditActions.SegmentSaved, AuditKeys.Target("segments", draft.Id), before, await LatestVersionAsync(draft.Id));
        await catalogs.RefreshAsync();
        return (result.Segment, null);
    }
}
