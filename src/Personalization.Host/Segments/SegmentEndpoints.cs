using System.Text.Json;
using Personalization.Host.Http;
using Personalization.Rules;
using Personalization.Segments;
using Personalization.Host.Security;
using Personalization.Security;

namespace Personalization.Host.Segments;

public static class SegmentEndpoints
{
    public static void MapSegmentEndpoints(this IEndpointRouteBuilder app)
    {
        var segments = app.MapGroup("/v1/segments").WithTags("Segments");
        var reads = segments.MapGroup("").RequireScope(ApiScopes.CatalogRead);
        var writes = segments.MapGroup("").RequireScope(ApiScopes.CatalogWrite);

        reads.MapGet("/", async (IGrainFactory grains, string? format) =>
            {
                if (SegmentFormat.Error(format) is { } problem)
                {
                    return problem;
                }

                var snapshot = await Catalog(grains).GetSnapshotAsync();
                return SegmentFormat.IsJsonLogic(format)
                    ? TypedResults.Ok(new { catalogVersion = snapshot.Version, segments = snapshot.Segments.Select(SegmentFormat.AsJsonLogic) })
                    : TypedResults.Ok(new SegmentListResponse(snapshot.Version, snapshot.Segments));
            })
            .WithName("ListSegments")
            .WithSummary("All segment definitions at the current catalog version; ?format=jsonlogic gives each rule as JsonLogic");

        reads.MapGet("/{segmentId}", GetAsync)
            .WithName("GetSegment")
            .Produces<SegmentDefinition>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        writes.MapPut("/{segmentId}", PutAsync)
            .WithName("PutSegment")
            .WithSummary("Create or replace a segment: {\"name\",\"description\",\"rule\"}; the rule is rule text or a JsonLogic object")
            .WithDescription("The rule is compiled with the whole catalog before anything is stored; a bad rule gets 400 with its line and column and changes nothing.")
            .Accepts<JsonElement>("application/json")
            .Produces<SegmentDefinition>()
            .Produces<SegmentDefinition>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .RecordsChange(AuditActions.SegmentSaved, "segments", "segmentId", SegmentVersionAsync);

        writes.MapPost("/examples/rfm", LoadRfmAsync)
            .WithName("LoadRfmSegments")
            .WithSummary("Store the 11 classic RFM segments (ids rfm-*), written with percentile quintiles of recency, frequency and monetary value")
            .WithDescription("Creates or replaces each segment in turn; loading again stores the same rules again. See docs/rules.md, \"RFM out of the box\".")
            .Produces<SegmentListResponse>();

        writes.MapDelete("/{segmentId}", DeleteAsync)
            .WithName("DeleteSegment")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RecordsChange(AuditActions.SegmentDeleted, "segments", "segmentId", SegmentVersionAsync);
    }

    /// <summary>The segment's latest stored version (a deletion is one), for the audit trail.</summary>
    private static async Task<long?> SegmentVersionAsync(IGrainFactory grains, string segmentId) =>
        (await Catalog(grains).GetVersionsAsync(segmentId)) is [.., var last] ? last.Version : null;

    private static ISegmentCatalogGrain Catalog(IGrainFactory grains) => grains.GetGrain<ISegmentCatalogGrain>(0);

    private static async Task<IResult> GetAsync(string segmentId, IGrainFactory grains, string? format)
    {
        if (SegmentFormat.Error(format) is { } problem)
        {
            return problem;
        }

        var snapshot = await Catalog(grains).GetSnapshotAsync();
        var segment = snapshot.Segments.FirstOrDefault(s => s.Id == segmentId);
        if (segment is null)
        {
            return SegmentProblems.NotFound(segmentId);
        }

        return SegmentFormat.IsJsonLogic(format) ? TypedResults.Ok(SegmentFormat.AsJsonLogic(segment)) : TypedResults.Ok(segment);
    }

    private static async Task<IResult> PutAsync(string segmentId, HttpRequest request, IGrainFactory grains, SegmentCatalogCache catalogs, CancellationToken cancellationToken)
    {
        if (Identifiers.SegmentIdError(segmentId) is { } idError)
        {
            return FieldErrors.Problem("segmentId", idError, "The segment id is not valid.");
        }

        return await JsonBody.HandleAsync(request, cancellationToken, async root =>
        {
            var errors = new FieldErrors();
            var draft = ReadDraft(segmentId, root, errors);
            if (draft is null)
            {
                return errors.ToProblem("The segment is not valid.");
            }

            try
            {
                SegmentCatalog.Validate(draft.Rule);
            }
            catch (RuleSyntaxException e)
            {
                return SegmentProblems.InvalidRule(e.Message, e.Line, e.Column);
            }

            var result = await Catalog(grains).PutAsync(draft);
            if (result.Status == SegmentWriteStatus.InvalidRule)
            {
                return SegmentProblems.InvalidRule(result.Error!.Message, result.Error.Line, result.Error.Column);
            }

            await catalogs.RefreshAsync(cancellationToken);
            var saved = result.Segment!;
            return result.Status == SegmentWriteStatus.Created
                ? TypedResults.Created($"/v1/segments/{saved.Id}", saved)
                : TypedResults.Ok(saved);
        });
    }

    /// <summary>Stores each RFM segment as a PUT would, and records each in the audit trail as a PUT's filter does.</summary>
    private static async Task<IResult> LoadRfmAsync(HttpContext context, IGrainFactory grains, SegmentCatalogCache catalogs, CancellationToken cancellationToken)
    {
        var stored = new List<SegmentDefinition>(RfmSegments.Drafts.Length);
        foreach (var draft in RfmSegments.Drafts)
        {
            var before = await SegmentVersionAsync(grains, draft.Id);
            var result = await Catalog(grains).PutAsync(draft);
            if (result.Status == SegmentWriteStatus.InvalidRule)
            {
                return SegmentProblems.InvalidRule(result.Error!.Message, result.Error.Line, result.Error.Column);
            }

            await AuditTrail.RecordAsync(context, AuditActions.SegmentSaved, $"segments/{draft.Id}", before, result.Segment!.Version);
            stored.Add(result.Segment);
        }

        await catalogs.RefreshAsync(cancellationToken);
        return TypedResults.Ok(new SegmentListResponse(catalogs.Current.Version, [.. stored]));
    }

    private static async Task<IResult> DeleteAsync(string segmentId, IGrainFactory grains, SegmentCatalogCache catalogs, CancellationToken cancellationToken)
    {
        var result = await Catalog(grains).DeleteAsync(segmentId);
        switch (result.Status)
        {
            case SegmentWriteStatus.NotFound:
                return SegmentProblems.NotFound(segmentId);
            case SegmentWriteStatus.Conflict:
                return TypedResults.Problem(
                    title: "The segment is still referenced.",
                    detail: result.Error!.Message,
                    statusCode: StatusCodes.Status409Conflict,
                    extensions: new Dictionary<string, object?> { ["field"] = "segmentId" });
            default:
                await catalogs.RefreshAsync(cancellationToken);
                return TypedResults.NoContent();
        }
    }

    private static SegmentDraft? ReadDraft(string segmentId, JsonElement root, FieldErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "a segment must be a JSON object with name, description and rule");
            return null;
        }

        var name = ReadText(root, "name", ApiLimits.MaxSegmentNameLength, errors) ?? segmentId;
        var description = ReadText(root, "description", ApiLimits.MaxSegmentDescriptionLength, errors);
        var rule = RuleInput.Read(root, errors);
        return errors.Any ? null : new SegmentDraft(segmentId, name, description, rule!);
    }

    private static string? ReadText(JsonElement root, string field, int maxLength, FieldErrors errors)
    {
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            errors.Add(field, "must be a string");
            return null;
        }

        var text = element.GetString()!;
        if (text.Length > maxLength)
        {
            errors.Add(field, $"must be at most {maxLength} characters (got {text.Length})");
            return null;
        }

        return text;
    }
}
