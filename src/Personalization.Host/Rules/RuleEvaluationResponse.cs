using System.Text.Json.Nodes;

namespace Personalization.Host.Rules;

/// <summary>The answer of a plain JsonLogic evaluation; NaN, ±Infinity and undefined are null, as JSON.stringify writes them.</summary>
public sealed record RuleEvaluationResponse(JsonNode? Result);
