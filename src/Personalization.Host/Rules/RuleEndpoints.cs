using System.Text.Json;
using System.Text.Json.Nodes;
using Personalization.Host.Http;
using Personalization.Rules.JsonLogic;
using Personalization.Host.Security;
using Personalization.Security;

namespace Personalization.Host.Rules;

public sealed record RuleEvaluationResponse(JsonNode? Result);

public static class RuleEndpoints
{
    public static void MapRuleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/rules/evaluate", EvaluateAsync)
            .WithTags("Rules")
            .WithName("EvaluateJsonLogic")
            .WithSummary("Evaluate plain JsonLogic against plain data: {\"rule\":...,\"data\":{...}} answers {\"result\":...}")
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

            var data = root.TryGetProperty("data", out var dataElement) ? JsonNode.Parse(dataElement.GetRawText()) : null;
            try
            {
                var compiled = JsonLogicRule.Compile(JsonNode.Parse(rule.GetRawText()));
                return TypedResults.Ok(new RuleEvaluationResponse(compiled.Apply(data)));
            }
            catch (JsonLogicException e)
            {
                return FieldErrors.Problem("rule", e.Message, "The rule is not valid JsonLogic.");
            }
        });
    }
}
