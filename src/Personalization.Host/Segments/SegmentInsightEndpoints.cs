using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Personalization.Customers;
using Personalization.Host.Http;
using Personalization.Membership;
using Personalization.Rules;
using Personalization.Segments;
using Personalization.Host.Security;
using Personalization.Security;
using Personalization.Timing;

namespace Personalization.Host.Segments;

/// <summary>What a segment holds and how it moves: stats, member export, version history, and previews of drafts.</summary>
public static class SegmentInsightEndpoints
{
    public const int MaxPageSize = 1000;
    public const int MaxPreviewSample = 10_000;
    public const int MaxPreviewExamples = 100;
    public const int MaxStatsHours = SegmentMembershipStreams.HistoryHours;

    public static void MapSegmentInsightEndpoints(this IEndpointRouteBuilder app)
    {
        var segments = app.MapGroup("/v1/segments").WithTags("Segments");
        var reads = segments.MapGroup("").RequireScope(ApiScopes.CatalogRead);

        reads.MapGet("/{segmentId}/stats", GetStatsAsync)
            .WithName("GetSegmentStats")
            .WithSummary($"Current size, and entries and exits per hour over the last `hours` (default and most {MaxStatsHours})")
            .Produces<SegmentStats>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        reads.MapGet("/{segmentId}/members", GetMembersAsync)
            .WithName("GetSegmentMembers")
            .WithSummary($"A page of member ids; pass the answer's nextCursor to get the next (limit at most {MaxPageSize})")
            .Produces<SegmentMembersResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        reads.MapGet("/{segmentId}/versions", GetVersionsAsync)
            .WithName("GetSegmentVersions")
            .WithSummary("Every stored version of the segment, oldest first, a deletion included")
            .Produces<SegmentVersionsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        segments.MapPost("/preview", PreviewAsync)
            .WithName("PreviewSegment")
            .WithSummary("Evaluate a draft rule against a sample of known customers without storing it: {\"rule\",\"sampleSize\",\"examples\"}")
            .Accepts<JsonElement>("application/json")
            .Produces<SegmentPreview>()
            .ProducesValidationProblem()
            .RequireScope(ApiScopes.CatalogWrite);
    }

    private static async Task<IResult> GetStatsAsync(string segmentId, IGrainFactory grains, SegmentInsights insights, [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time, int? hours)
    {
        if (hours is < 1 or > MaxStatsHours)
        {
            return FieldErrors.Problem("hours", $"must be 1-{MaxStatsHours}", "The stats request is not valid.");
        }

        if (await FindAsync(grains, segmentId) is null)
        {
            return SegmentProblems.NotFound(segmentId);
        }

        return TypedResults.Ok(await insights.StatsAsync(segmentId, time.GetUtcNow().AddHours(-(hours ?? MaxStatsHours))));
    }

    private static async Task<IResult> GetMembersAsync(string segmentId, IGrainFactory grains, SegmentInsights insights, string? cursor, int? limit)
    {
        var pageSize = limit ?? 100;
        if (pageSize is < 1 or > MaxPageSize)
        {
            return FieldErrors.Problem("limit", $"must be 1-{MaxPageSize}", "The member request is not valid.");
        }

        if (!MemberCursor.TryParse(cursor, out var position))
        {
            return FieldErrors.Problem("cursor", "is not a cursor this API returned", "The member request is not valid.");
        }

        if (await FindAsync(grains, segmentId) is null)
        {
            return SegmentProblems.NotFound(segmentId);
        }

        var page = await insights.MembersAsync(segmentId, new MemberPosition(position.Shard, position.After), pageSize);
        var next = page.Next is { } at ? MemberCursor.Format(at.Shard, at.After) : null;
        return TypedResults.Ok(new SegmentMembersResponse(segmentId, page.Members, next));
    }

    private static async Task<IResult> GetVersionsAsync(string segmentId, IGrainFactory grains)
    {
        var versions = await grains.GetGrain<ISegmentCatalogGrain>(0).GetVersionsAsync(segmentId);
        return versions.IsEmpty ? SegmentProblems.NotFound(segmentId) : TypedResults.Ok(new SegmentVersionsResponse(segmentId, versions));
    }

    private static async Task<IResult> PreviewAsync(HttpRequest request, SegmentInsights insights, CancellationToken cancellationToken)
    {
        return await JsonBody.HandleAsync(request, cancellationToken, async root =>
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return FieldErrors.Problem("body", "a preview is a JSON object with rule, sampleSize and examples", "The preview is not valid.");
            }

            var errors = new FieldErrors();
            var rule = RuleInput.Read(root, errors);
            var sampleSize = ReadCount(root, "sampleSize", 1000, MaxPreviewSample, errors);
            var exampleCount = ReadCount(root, "examples", 10, MaxPreviewExamples, errors);
            if (errors.Any || rule is null)
            {
                return errors.ToProblem("The preview is not valid.");
            }

            try
            {
                return TypedResults.Ok(await insights.PreviewAsync(rule, sampleSize, exampleCount));
            }
            catch (RuleSyntaxException e)
            {
                return SegmentProblems.InvalidRule(e.Message, e.Line, e.Column);
            }
            catch (SegmentRuleException e)
            {
                return SegmentProblems.InvalidRule(e.Message, e.Line, e.Column);
            }
        });
    }

    private static int ReadCount(JsonElement root, string field, int defaultValue, int max, FieldErrors errors)
    {
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return defaultValue;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value) || value < 1 || value > max)
        {
            errors.Add(field, $"must be a whole number from 1 to {max}");
            return defaultValue;
        }

        return value;
    }

    private static async Task<SegmentDefinition?> FindAsync(IGrainFactory grains, string segmentId) =>
        (await grains.GetGrain<ISegmentCatalogGrain>(0).GetSnapshotAsync()).Segments.FirstOrDefault(s => s.Id == segmentId);

    /// <summary>An opaque position in a member export: a shard and the last id returned from it.</summary>
    private static class MemberCursor
    {
        public static string Format(int shard, string? after) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{shard}:{after}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static bool TryParse(string? cursor, out (int Shard, string? After) position)
        {
            position = (0, null);
            if (string.IsNullOrEmpty(cursor))
            {
                return true;
            }

            try
            {
                var base64 = cursor.Replace('-', '+').Replace('_', '/');
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
                var colon = text.IndexOf(':');
                if (colon < 0 || !int.TryParse(text.AsSpan(0, colon), out var shard) || shard is < 0 or >= SegmentMembershipStreams.ShardCount)
                {
                    return false;
                }

                var after = text[(colon + 1)..];
                position = (shard, after.Length == 0 ? null : after);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }
}
