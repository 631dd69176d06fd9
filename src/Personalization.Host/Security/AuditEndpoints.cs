using System.Globalization;
using Personalization.Host.Http;
using Personalization.Security;

namespace Personalization.Host.Security;

/// <summary>The audit trail (<c>keys:admin</c>): who changed segments, campaigns and keys, and who erased customers.</summary>
public static class AuditEndpoints
{
    public const int MaxEntriesPerPage = 1_000;
    public const int DefaultEntriesPerPage = 100;

    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/audit", ListAsync)
            .WithTags("Keys")
            .WithName("GetAuditTrail")
            .WithSummary($"Changes at or after ?since= (ISO 8601), oldest first, at most ?limit= (1-{MaxEntriesPerPage}, default {DefaultEntriesPerPage})")
            .Produces<AuditResponse>()
            .ProducesValidationProblem()
            .RequireScope(ApiScopes.KeysAdmin);
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains, string? since, int? limit)
    {
        var from = DateTimeOffset.MinValue;
        if (since is not null && !DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out from))
        {
            return FieldErrors.Problem("since", "must be an ISO 8601 time, e.g. 2026-11-23T09:00:00Z", "The audit query is not valid.");
        }

        if (limit is < 1 or > MaxEntriesPerPage)
        {
            return FieldErrors.Problem("limit", $"must be 1-{MaxEntriesPerPage}", "The audit query is not valid.");
        }

        var entries = await grains.GetGrain<IAuditGrain>(0).ListAsync(from, limit ?? DefaultEntriesPerPage);
        return TypedResults.Ok(new AuditResponse(entries));
    }
}
