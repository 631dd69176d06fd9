using System.Text.Json;
using System.Text.Json.Nodes;
using Personalization.Host.Http;
using Personalization.Rules.JsonLogic;
using Personalization.Host.Security;
using Personalization.Security;

namespace Personalization.Host.Rules;

/// <summary>The answer of a plain JsonLogic evaluation; NaN, ±Infinity and undefined are null, as JSON.stringify writes them.</summary>
public sealed record RuleEvaluationResponse(JsonNode? Result);
