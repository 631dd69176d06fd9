using Personalization.Campaigns;
using Personalization.Campaigns.Delivery;
using Personalization.Host.Http;
using Personalization.Host.Security;
using Personalization.Security;

namespace Personalization.Host.Campaigns;

/// <summary>Offers for websites: read them, report what the visitor did with one, or stream them live.</summary>
public static class OfferEndpoints
{
    public static void MapOfferEndpoints(this IEndpointRouteBuilder app)
    {
        var customers = app.MapGroup("/v1/customers/{customerId}")
            .WithTags("Offers")
            .AddEndpointFilter(RequireValidCustomerId);

        customers.MapGet("/offers", GetOffersAsync)
            .WithName("GetCustomerOffers")
            .WithSummary("The offers waiting for the visitor: made, not clicked or dismissed, not expired")
            .Produces<CustomerOffersResponse>()
            .ProducesValidationProblem()
            .RequireScope(ApiScopes.SegmentsRead);

        customers.MapPost("/offers/{offerId}/{outcome}", RecordOutcomeAsync)
            .WithName("RecordOfferOutcome")
            .WithSummary("What the visitor did with an offer: shown, clicked or dismissed; each counts once per offer")
            .Produces<OutcomeResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiScopes.EventsWrite);

        customers.MapGet("/stream", CustomerStream.StreamAsync)
            .WithName("StreamCustomer")
            .WithSummary("Server-Sent Events: 'segments' when the visitor's segments change and 'offer' when an offer is made; heartbeat comments keep the connection open")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireScope(ApiScopes.SegmentsRead);
    }

    private static ValueTask<object?> RequireValidCustomerId(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Identifiers.CustomerIdError(context.HttpContext.GetRouteValue("customerId") as string) is { } error
            ? ValueTask.FromResult<object?>(FieldErrors.Problem("customerId", error, "The customer id is not valid."))
            : next(context);

    private static async Task<IResult> GetOffersAsync(string customerId, IGrainFactory grains)
    {
        var offers = await grains.GetGrain<ICustomerCampaignsGrain>(customerId).GetOffersAsync();
        return TypedResults.Ok(new CustomerOffersResponse(customerId, [.. offers.Select(OfferResponse.From)]));
    }

    private static async Task<IResult> RecordOutcomeAsync(string customerId, string offerId, string outcome, IGrainFactory grains)
    {
        if (OfferIdError(offerId) is { } idError)
        {
            return FieldErrors.Problem("offerId", idError, "The offer id is not valid.");
        }

        OfferOutcome? parsed = outcome switch
        {
            "shown" => OfferOutcome.Shown,
            "clicked" => OfferOutcome.Clicked,
            "dismissed" => OfferOutcome.Dismissed,
            _ => null,
        };
        if (parsed is null)
        {
            return FieldErrors.Problem("outcome", "must be shown, clicked or dismissed", "The outcome is not valid.");
        }

        var result = await grains.GetGrain<ICustomerCampaignsGrain>(customerId).RecordOutcomeAsync(offerId, parsed.Value);
        return result == OutcomeResult.UnknownOffer
            ? TypedResults.Problem(
                title: "No such offer.",
                detail: $"Customer '{customerId}' was never made offer '{offerId}', or it is too old to be kept.",
                statusCode: StatusCodes.Status404NotFound,
                extensions: new Dictionary<string, object?> { ["field"] = "offerId" })
            : TypedResults.Ok(new OutcomeResponse(offerId, outcome, result == OutcomeResult.Recorded));
    }

    private static string? OfferIdError(string offerId) =>
        offerId.Length > CampaignLimits.MaxOfferIdLength ? $"must be at most {CampaignLimits.MaxOfferIdLength} characters (got {offerId.Length})"
        : offerId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? null
        : "may only hold A-Za-z0-9, '-' and '_'";
}
