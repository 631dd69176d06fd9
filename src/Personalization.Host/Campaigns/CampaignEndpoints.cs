using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Personalization.Campaigns;
using Personalization.Campaigns.Catalog;
using Personalization.Campaigns.Experiments;
using Personalization.Campaigns.Reports;
using Personalization.Campaigns.Webhooks;
using Personalization.Host.Http;
using Personalization.Segments;
using Personalization.Host.Security;
using Personalization.Security;

namespace Personalization.Host.Campaigns;

/// <summary>Campaign definitions (versioned like segments), their effectiveness reports and webhook dead letters.</summary>
public static class CampaignEndpoints
{
    public static void MapCampaignEndpoints(this IEndpointRouteBuilder app)
    {
        var campaigns = app.MapGroup("/v1/campaigns").WithTags("Campaigns");
        var reads = campaigns.MapGroup("").RequireScope(ApiScopes.CatalogRead);
        var writes = campaigns.MapGroup("").RequireScope(ApiScopes.CatalogWrite);

        reads.MapGet("/", ListAsync)
            .WithName("ListCampaigns")
            .WithSummary("All campaigns at the current campaign catalog version")
            .Produces<CampaignListResponse>();

        var campaign = reads.MapGroup("/{campaignId}").AddEndpointFilter(RequireValidCampaignId);
        var campaignChanges = writes.MapGroup("/{campaignId}").AddEndpointFilter(RequireValidCampaignId);

        campaign.MapGet("/", GetAsync)
            .WithName("GetCampaign")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        campaignChanges.MapPut("/", PutAsync)
            .WithName("PutCampaign")
            .WithSummary("Create (201) or replace (200) a campaign: trigger, audience, offer, scope, caps, dates, conversion, variants, webhook")
            .WithDescription("Rules are compiled with the segment catalog before anything is stored; a bad rule gets 400 with its line and column, an unknown segment 400 naming the field.")
            .Accepts<JsonElement>("application/json")
            .Produces<JsonObject>()
            .Produces<JsonObject>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .RecordsChange(AuditActions.CampaignSaved, "campaigns", "campaignId", CampaignVersionAsync);

        campaignChanges.MapDelete("/", DeleteAsync)
            .WithName("DeleteCampaign")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RecordsChange(AuditActions.CampaignDeleted, "campaigns", "campaignId", CampaignVersionAsync);

        campaign.MapGet("/versions", VersionsAsync)
            .WithName("GetCampaignVersions")
            .WithSummary("Every stored version, oldest first, a deletion included")
            .Produces<CampaignVersionsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        campaign.MapGet("/report", ReportAsync)
            .WithName("GetCampaignReport")
            .WithSummary("Exposures, shown, clicked, conversions and revenue per variant and per segment; lifts against the control with fixed-horizon and always-valid intervals, chance to beat control, expected loss, CUPED; the sample ratio check")
            .Produces<CampaignReport>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGroup("/v1/holdout").WithTags("Campaigns").RequireScope(ApiScopes.CatalogRead).MapGet("/report", HoldoutReportAsync)
            .WithName("GetGlobalHoldoutReport")
            .WithSummary("All campaigns together against the global holdout (Campaigns:GlobalHoldoutShare): the same figures as a campaign report, arms 'campaigns' and 'holdout'")
            .Produces<CampaignReport>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        campaign.MapGet("/dead-letters", DeadLettersAsync)
            .WithName("GetCampaignDeadLetters")
            .WithSummary($"Webhook deliveries given up on, newest first (limit 1-{CampaignLimits.MaxDeadLettersPerPage}, default 100)")
            .Produces<DeadLettersResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static ICampaignCatalogGrain Catalog(IGrainFactory grains) => grains.GetGrain<ICampaignCatalogGrain>(0);

    /// <summary>The campaign's latest stored version (a deletion is one), for the audit trail.</summary>
    private static async Task<long?> CampaignVersionAsync(IGrainFactory grains, string campaignId) =>
        (await Catalog(grains).GetVersionsAsync(campaignId)) is [.., var last] ? last.Version : null;

    private static ValueTask<object?> RequireValidCampaignId(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Identifiers.SegmentIdError(context.HttpContext.GetRouteValue("campaignId") as string) is { } error
            ? ValueTask.FromResult<object?>(FieldErrors.Problem("campaignId", error, "The campaign id is not valid."))
            : next(context);

    private static async Task<IResult> ListAsync(IGrainFactory grains)
    {
        var snapshot = await Catalog(grains).GetSnapshotAsync();
        return TypedResults.Ok(new CampaignListResponse(snapshot.Version, [.. snapshot.Campaigns.Select(CampaignJson.Write)]));
    }

    private static async Task<IResult> GetAsync(string campaignId, IGrainFactory grains)
    {
        var campaign = await FindAsync(grains, campaignId);
        return campaign is null ? NotFound(campaignId) : TypedResults.Ok(CampaignJson.Write(campaign));
    }

    private static async Task<IResult> PutAsync(string campaignId, HttpRequest request, CampaignEditor editor, CancellationToken cancellationToken)
    {
        return await JsonBody.HandleAsync(request, cancellationToken, async root =>
        {
            var result = await editor.SaveAsync(campaignId, root, cancellationToken);
            if (result.Campaign is not { } campaign)
            {
                var position = result.Line is { } line ? new Dictionary<string, object?> { ["line"] = line, ["column"] = result.Column } : null;
                return TypedResults.ValidationProblem(result.Errors, title: result.Title, extensions: position);
            }

            var saved = CampaignJson.Write(campaign);
            return result.Created ? TypedResults.Created($"/v1/campaigns/{campaignId}", saved) : TypedResults.Ok(saved);
        });
    }

    private static async Task<IResult> DeleteAsync(string campaignId, IGrainFactory grains, CampaignCatalogCache campaigns, CancellationToken cancellationToken)
    {
        if (await Catalog(grains).DeleteAsync(campaignId) is null)
        {
            return NotFound(campaignId);
        }

        await campaigns.RefreshAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> VersionsAsync(string campaignId, IGrainFactory grains)
    {
        var versions = await Catalog(grains).GetVersionsAsync(campaignId);
        return versions.IsEmpty
            ? NotFound(campaignId)
            : TypedResults.Ok(new CampaignVersionsResponse(campaignId, [.. versions.Select(CampaignJson.Write)]));
    }

    /// <summary>Reports outlive their campaign: a deleted campaign's report reads its last version's variants.</summary>
    private static async Task<IResult> ReportAsync(string campaignId, IGrainFactory grains, IOptions<CampaignOptions> options)
    {
        var versions = await Catalog(grains).GetVersionsAsync(campaignId);
        if (versions.IsEmpty)
        {
            return NotFound(campaignId);
        }

        var settings = versions[^1].Settings;
        var counts = await ReportCounts.ReadAsync(grains, campaignId);
        return TypedResults.Ok(CampaignReport.Build(campaignId, settings.Variants, counts, ReportSettingsOf(options.Value, settings.Bandit is not null)));
    }

    /// <summary>The global holdout report; 404 while no holdout is configured.</summary>
    private static async Task<IResult> HoldoutReportAsync(IGrainFactory grains, IOptions<CampaignOptions> options)
    {
        var share = options.Value.GlobalHoldoutShare;
        if (share <= 0)
        {
            return TypedResults.Problem(
                title: "No global holdout.",
                detail: "Campaigns:GlobalHoldoutShare is 0: no customers are held out of all campaigns.",
                statusCode: StatusCodes.Status404NotFound);
        }

        var counts = await ReportCounts.ReadAsync(grains, GlobalHoldout.ReportId);
        return TypedResults.Ok(CampaignReport.Build(GlobalHoldout.ReportId, GlobalHoldout.Arms(share), counts, ReportSettingsOf(options.Value, bandit: false)));
    }

    private static ReportSettings ReportSettingsOf(CampaignOptions options, bool bandit) => ReportSettings.From(options, bandit);

    private static async Task<IResult> DeadLettersAsync(string campaignId, IGrainFactory grains, int? limit)
    {
        var count = limit ?? 100;
        if (count is < 1 or > CampaignLimits.MaxDeadLettersPerPage)
        {
            return FieldErrors.Problem("limit", $"must be 1-{CampaignLimits.MaxDeadLettersPerPage}", "The dead-letter request is not valid.");
        }

        if ((await Catalog(grains).GetVersionsAsync(campaignId)).IsEmpty)
        {
            return NotFound(campaignId);
        }

        return TypedResults.Ok(new DeadLettersResponse(campaignId, await grains.GetGrain<ICampaignDeadLetterGrain>(campaignId).GetAsync(count)));
    }

    private static async Task<CampaignDefinition?> FindAsync(IGrainFactory grains, string campaignId) =>
        (await Catalog(grains).GetSnapshotAsync()).Campaigns.FirstOrDefault(c => c.Id == campaignId);

    private static IResult NotFound(string campaignId) => TypedResults.Problem(
        title: "No such campaign.",
        detail: $"There is no campaign '{campaignId}'.",
        statusCode: StatusCodes.Status404NotFound,
        extensions: new Dictionary<string, object?> { ["field"] = "campaignId" });
}
