using System.Text.Json;
using Personalization.Host.Http;
using Personalization.Host.Security;
using Personalization.Identity;
using Personalization.Security;

namespace Personalization.Host.Identity;

public static class IdentityEndpoints
{
    public static void MapIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/identify", IdentifyAsync)
            .WithTags("Identity")
            .WithName("Identify")
            .WithSummary("Make an anonymous id an alias of a customer, merging its history, profile, event ids and campaign state")
            .WithDescription("Body: {\"anonymousId\",\"customerId\",\"mergeKnownCustomers\"?}. Afterwards lookups and events for the anonymous id reach the customer. Idempotent: a retry completes a merge cut short. 400 when the customer has Identity:MaxAliasesPerCustomer aliases; 409 when the anonymous id is a known customer (without mergeKnownCustomers) or an alias of another customer.")
            .Accepts<JsonElement>("application/json")
            .Produces<IdentifyResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireScope(ApiScopes.EventsWrite);
    }

    private static Task<IResult> IdentifyAsync(HttpRequest request, IdentityResolution identity, CancellationToken cancellationToken) =>
        JsonBody.HandleAsync(request, cancellationToken, async root =>
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return FieldErrors.Problem("body", "must be a JSON object with anonymousId and customerId", "The identify is not valid.");
            }

            var errors = new FieldErrors();
            var anonymousId = ReadId(root, "anonymousId", errors);
            var customerId = ReadId(root, "customerId", errors);
            var mergeKnownCustomers = false;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "anonymousId" or "customerId":
                        break;
                    case "mergeKnownCustomers" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        mergeKnownCustomers = property.Value.GetBoolean();
                        break;
                    case "mergeKnownCustomers":
                        errors.Add(property.Name, "must be true or false");
                        break;
                    default:
                        errors.Add(property.Name, "unknown field; identify has anonymousId, customerId, mergeKnownCustomers");
                        break;
                }
            }

            if (anonymousId is not null && string.Equals(anonymousId, customerId, StringComparison.Ordinal))
            {
                errors.Add("anonymousId", "must differ from customerId");
            }

            if (errors.Any || anonymousId is null || customerId is null)
            {
                return errors.ToProblem("The identify is not valid.");
            }

            var outcome = await identity.IdentifyAsync(anonymousId, customerId, mergeKnownCustomers);
            return identity.Problem(outcome) ?? TypedResults.Ok(new IdentifyResponse(
                anonymousId,
                outcome.CustomerId,
                outcome.Status == IdentifyStatus.Merged ? "merged" : "alreadyMerged",
                outcome.Segments.IsDefault ? [] : outcome.Segments));
        });

    private static string? ReadId(JsonElement root, string name, FieldErrors errors)
    {
        if (!root.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            errors.Add(name, "is required");
            return null;
        }

        if (field.ValueKind != JsonValueKind.String)
        {
            errors.Add(name, "must be a string");
            return null;
        }

        var id = field.GetString()!;
        if (Identifiers.CustomerIdError(id) is { } error)
        {
            errors.Add(name, error);
            return null;
        }

        return id;
    }
}
