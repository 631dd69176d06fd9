using System.Text.Json;
using System.Text.Json.Nodes;
using Personalization.Host.Http;
using Personalization.Rules;
using Personalization.Rules.JsonLogic;

namespace Personalization.Host.Segments;

/// <summary>A rule as a request carries it: rule text (a JSON string) or JsonLogic (a JSON object), read into rule text.</summary>
internal static class RuleInput
{
    public static string? Read(JsonElement root, FieldErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rule", out var rule) || rule.ValueKind == JsonValueKind.Null)
        {
            errors.Add("rule", "is required: rule text, or a JsonLogic object");
            return null;
        }

        if (rule.ValueKind == JsonValueKind.String)
        {
            var text = rule.GetString()!;
            if (text.Length > SegmentCatalog.MaxRuleLength)
            {
                errors.Add("rule", $"must be at most {SegmentCatalog.MaxRuleLength} characters (got {text.Length})");
                return null;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                errors.Add("rule", "is required: rule text, or a JsonLogic object");
                return null;
            }

            return text;
        }

        try
        {
            return JsonLogicSyntax.ToRuleText(JsonNode.Parse(rule.GetRawText()));
        }
        catch (JsonLogicException e)
        {
            errors.Add("rule", e.Message);
            return null;
        }
    }
}
