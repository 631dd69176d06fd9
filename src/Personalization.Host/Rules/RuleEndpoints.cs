using System.Text.Json;
using Personalization.Host.Http;
using Personalization.Rules.JsonLogic;
using Personalization.Host.Security;
using Personalization.Security;

namespace Personalization.Host.Rules;

public static class RuleEndpoints
{
    public static void MapRuleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/rules/evaluate", EvaluateAsync)
            .WithTags("Rules")
            .WithName("EvaluateJsonLogic")
            .WithSummary("Evaluate plain JsonLogic against plain data: {\"rule\":...,\"data\":{...}} answers {\"result\":...}")
            .WithDescription("Answers as json-logic-js does; a NaN or infinite result is null. A rule that is not JsonLogic, or whose evaluation goes past a limit, gets 400.")
            .Accepts<JsonElement>("application/json")
            .Produces<RuleEvaluationResponse>()
            .ProducesValidationProblem()
            .RequireScope(ApiScopes.CatalogRead);
    }

    private static async Task<IResult> EvaluateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        return await JsonBody.HandleAsync(request, cancellationToken, IResult (root) =>
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rule", out var rule))
            {
                return FieldErrors.Problem("rule", "is required", "The evaluation request is not valid.");
            }

            JsonLogicRule compiled;
            try
            {
                compiled = JsonLogicRule.Compile(rule);
            }
            catch (JsonLogicException e)
            {
                return FieldErrors.Problem("rule", e.Message, "The rule is not valid JsonLogic.");
            }

            try
            {
                // No data is JavaScript's undefined, as when json-logic-js is called without it.
                return TypedResults.Ok(new RuleEvaluationResponse(compiled.Apply(root.TryGetProperty("data", out var data) ? data : default)));
            }
            catch (JsonLogicException e)
            {
                return FieldErrors.Problem("rule", e.Message, "The rule could not be evaluated.");
            }
        });
    }
}
