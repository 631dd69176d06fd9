using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using Personalization.Campaigns.Delivery;
using Personalization.Customers;
using Personalization.Diagnostics;
using Personalization.Host.Campaigns;
using Personalization.Host.Events;
using Personalization.Host.Http;
using Personalization.Rules;
using Personalization.Host.Security;
using Personalization.Security;

namespace Personalization.Host.Customers;

public static class CustomerEndpoints
{
    public static void MapCustomerEndpoints(this IEndpointRouteBuilder app)
    {
        var customers = app.MapGroup("/v1/customers/{customerId}")
            .WithTags("Customers")
            .AddEndpointFilter(RequireValidCustomerId);

        customers.MapGet("/segments", GetSegmentsAsync)
            .WithName("GetCustomerSegments")
            .WithSummary("The visitor's current segments; an unknown visitor has an empty profile and is evaluated like any other")
            .Produces<CustomerSegmentsResponse>()
            .ProducesValidationProblem()
            .RequireScope(ApiScopes.SegmentsRead);

        customers.MapGet("/", GetAsync)
            .WithName("GetCustomer")
            .WithSummary("Profile, lifetime counters per event type, segments, first and last seen")
            .Produces<CustomerSnapshot>()
            .ProducesValidationProblem()
            .RequireScope(ApiScopes.CustomersRead);

        customers.MapPut("/profile", (string customerId, HttpRequest request, IGrainFactory grains, CancellationToken ct) =>
                UpdateProfileAsync(customerId, request, grains, merge: false, ct))
            .WithName("ReplaceCustomerProfile")
            .WithSummary("Replace the profile attributes")
            .Accepts<JsonElement>("application/json")
            .Produces<TrackResponse>()
            .ProducesValidationProblem()
            .RequireScope(ApiScopes.CustomersWrite);

        customers.MapPatch("/profile", (string customerId, HttpRequest request, IGrainFactory grains, CancellationToken ct) =>
                UpdateProfileAsync(customerId, request, grains, merge: true, ct))
            .WithName("MergeCustomerProfile")
            .WithSummary("Merge attributes into the profile; a null value removes the attribute")
            .Accepts<JsonElement>("application/json")
            .Produces<TrackResponse>()
            .ProducesValidationProblem()
            .RequireScope(ApiScopes.CustomersWrite);

        customers.MapDelete("/", EraseAsync)
            .WithName("EraseCustomer")
            .WithSummary("Erase everything stored about the customer")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .RequireScope(ApiScopes.CustomersErase)
            .RecordsChange(AuditActions.CustomerErased, "customers", "customerId", pseudonymous: true);
    }

    // Every route of the group carries the id, so it is checked once here rather than in each handler.
    private static ValueTask<object?> RequireValidCustomerId(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Identifiers.CustomerIdError(context.HttpContext.GetRouteValue("customerId") as string) is { } error
            ? ValueTask.FromResult<object?>(FieldErrors.Problem("customerId", error, "The customer id is not valid."))
            : next(context);

    private static async Task<IResult> GetSegmentsAsync(string customerId, SegmentLookup lookup, LookupOffers offers)
    {
        var started = Stopwatch.GetTimestamp();
        var pending = offers.PendingAsync(customerId);
        var segments = await lookup.GetSegmentsAsync(customerId);
        var response = new CustomerSegmentsResponse(customerId, segments, OfferResponse.FromMany(await pending));
        EngineMetrics.LookupDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return HotPathResults.Ok(response);
    }

    private static async Task<IResult> GetAsync(string customerId, IGrainFactory grains)
    {
        return TypedResults.Ok(await grains.GetCustomerGrain(customerId).GetSnapshotAsync());
    }

    private static async Task<IResult> EraseAsync(string customerId, IGrainFactory grains)
    {
        await grains.GetCustomerGrain(customerId).EraseAsync();
        return TypedResults.NoContent();
    }

    private static async Task<IResult> UpdateProfileAsync(string customerId, HttpRequest request, IGrainFactory grains, bool merge, CancellationToken cancellationToken)
    {
        return await JsonBody.HandleAsync(request, cancellationToken, async root =>
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return FieldErrors.Problem("body", "the profile must be a JSON object of attributes", "The profile is not valid.");
            }

            var errors = new FieldErrors();
            var attributes = ImmutableDictionary.CreateBuilder<string, RuleValue>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (attributes.Count == ApiLimits.MaxAttributes)
                {
                    errors.Add("body", $"at most {ApiLimits.MaxAttributes} attributes");
                    break;
                }

                if (Identifiers.AttributeNameError(property.Name) is { } nameError)
                {
                    errors.Add(property.Name, nameError);
                }
                else if (property.Value.ValueKind == JsonValueKind.Null && !merge)
                {
                    errors.Add(property.Name, "null is only allowed in PATCH, where it removes the attribute");
                }
                else if (AttributeValues.TryRead(property.Value, allowLists: true, out var value) is { } valueError)
                {
                    errors.Add(property.Name, valueError);
                }
                else
                {
                    attributes[property.Name] = value;
                }
            }

            if (errors.Any)
            {
                return errors.ToProblem("The profile is not valid.");
            }

            var customer = grains.GetCustomerGrain(customerId);
            var change = merge
                ? await customer.MergeProfileAsync(attributes.ToImmutable())
                : await customer.ReplaceProfileAsync(attributes.ToImmutable());
            return TypedResults.Ok(TrackResponse.From(change));
        });
    }
}
