using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Personalization.Console.Security;
using Personalization.Security;
using Personalization.Segments;

namespace Personalization.Console.Engine;

/// <summary>GET /console/segments/{id}/members.csv: every member id, one a line, streamed page by page.</summary>
internal static class MemberExport
{
    private const int PageSize = 1000;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(ConsolePaths.Root + "/segments/{segmentId}/members.csv", async (string segmentId, SegmentQueries segments, HttpContext context) =>
            {
                if (await segments.FindAsync(segmentId) is null)
                {
                    return Results.NotFound();
                }

                context.Response.ContentType = "text/csv; charset=utf-8";
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"{segmentId}-members.csv\"";
                await context.Response.WriteAsync("customer_id\n", context.RequestAborted);
                MemberPosition? position = null;
                do
                {
                    var page = await segments.MembersAsync(segmentId, position, PageSize);
                    // Ids hold no comma, quote or new line (the API's id alphabet), so each is a CSV field as it is.
                    await context.Response.WriteAsync(string.Concat(page.Members.Select(id => id + "\n")), context.RequestAborted);
                    position = page.Members.Length == PageSize ? page.Next : null;
                }
                while (position is not null);

                return Results.Empty;
            })
            .RequireAuthorization(new AuthorizeAttribute(ApiScopes.CatalogRead) { AuthenticationSchemes = ConsoleAuthentication.SchemeName })
            .WithMetadata(ConsoleEndpoint.Marker)
            .ExcludeFromDescription();
}
