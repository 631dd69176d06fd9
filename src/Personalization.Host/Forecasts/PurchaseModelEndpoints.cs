using Personalization.Forecasts;
using Personalization.Host.Security;
using Personalization.Security;

namespace Personalization.Host.Forecasts;

/// <summary>The purchase forecast models: fit on demand, read the current fit (docs/forecasts.md).</summary>
public static class PurchaseModelEndpoints
{
    public static void MapPurchaseModelEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/v1/models/purchases").WithTags("Forecasts");

        models.MapGet("", GetAsync)
            .WithName("GetPurchaseModel")
            .WithSummary("The fitted BG/NBD and Gamma-Gamma parameters (in days), their log-likelihoods, sample sizes, fit time and when they were fitted")
            .Produces<PurchaseModelSnapshot>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiScopes.CatalogRead);

        models.MapPost("/fit", FitAsync)
            .WithName("FitPurchaseModel")
            .WithSummary("Fit the purchase models now on a uniform sample of customers; every silo's catalog takes the result")
            .Produces<PurchaseModelSnapshot>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireScope(ApiScopes.CatalogWrite);
    }

    private static async Task<IResult> GetAsync(IGrainFactory grains) =>
        await grains.GetGrain<IPurchaseModelGrain>(0).GetAsync() is { } fit
            ? TypedResults.Ok(fit)
            : TypedResults.Problem(
                title: "No purchase model is fitted.",
                detail: "Fit one with POST /v1/models/purchases/fit once customers have bought; the schedule also fits one.",
                statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> FitAsync(PurchaseModelFitting fitting, CancellationToken cancellationToken) =>
        await fitting.FitAsync(cancellationToken) is { } fit
            ? TypedResults.Ok(fit)
            : TypedResults.Problem(
                title: "No customer to fit on.",
                detail: "No sampled customer has a purchase yet; the last fit, if any, stays in use.",
                statusCode: StatusCodes.Status409Conflict);
}
