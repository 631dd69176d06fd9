using Microsoft.Extensions.Options;
using Personalization.Customers;
using Personalization.Host.Http;
using Personalization.Identity;

namespace Personalization.Host.Identity;

/// <summary>
/// Makes an anonymous id an alias of a customer, for <c>POST /v1/identify</c> and for events that carry an
/// <c>anonymousId</c>: an alias this silo already knows points at that customer is answered without a grain call, so
/// tracking SDKs that send the anonymous id with every event cost one table lookup per event after the first.
/// </summary>
public sealed class IdentityResolution(IGrainFactory grains, ActiveCustomers activeCustomers, IOptions<IdentityOptions> options)
{
    public async Task<IdentifyOutcome> IdentifyAsync(string anonymousId, string customerId, bool mergeKnownCustomers)
    {
        if (string.Equals(activeCustomers.Resolve(anonymousId), customerId, StringComparison.Ordinal)
            && !string.Equals(anonymousId, customerId, StringComparison.Ordinal))
        {
            return new IdentifyOutcome(IdentifyStatus.AlreadyMerged, customerId, []);
        }

        return await grains.GetGrain<ICustomerIdentityGrain>(customerId).IdentifyAsync(anonymousId, mergeKnownCustomers);
    }

    /// <summary>The problem a refused identify is answered with, naming the field; null when it succeeded.</summary>
    public IResult? Problem(IdentifyOutcome outcome) => outcome.Status switch
    {
        IdentifyStatus.Merged or IdentifyStatus.AlreadyMerged => null,
        IdentifyStatus.SameId => FieldErrors.Problem("anonymousId", "must differ from customerId", "The identify is not valid."),
        IdentifyStatus.AliasLimitReached => FieldErrors.Problem(
            "anonymousId",
            $"customer '{outcome.CustomerId}' already has the most aliases allowed ({options.Value.MaxAliasesPerCustomer}, Identity:MaxAliasesPerCustomer)",
            "The customer has too many aliases."),
        IdentifyStatus.KnownCustomer => Conflict("anonymousId is a known customer; set mergeKnownCustomers to merge two known customers"),
        IdentifyStatus.AliasOfAnotherCustomer => Conflict("anonymousId is already an alias of another customer"),
        _ => Conflict("anonymousId is itself merging this customer in; retry once that merge has finished"),
    };

    /// <summary>The one-line reason of a refused identify, for a batch's rejected events.</summary>
    public static string Reason(IdentifyOutcome outcome) => $"anonymousId: not merged ({outcome.Status})";

    private static IResult Conflict(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "The ids cannot be merged.");
}
