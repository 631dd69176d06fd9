using System.Text.Json;
using Personalization.Rules;

namespace Personalization.Host.Http;

/// <summary>Turns JSON values from requests into typed rule values, enforcing the size limits.</summary>
public static class AttributeValues
{
    public static string? TryRead(JsonElement element, bool allowLists, out RuleValue value)
    {
        value = RuleValue.Null;
        switch (element.ValueKind)
        {
            case JsonValueKind.String when element.GetString()!.Length > ApiLimits.MaxStringLength:
                return $"strings may be at most {ApiLimits.MaxStringLength} characters";
            case JsonValueKind.Array when !allowLists:
                return "must be a string, number or boolean";
            case JsonValueKind.Array when element.GetArrayLength() > ApiLimits.MaxListItems:
                return $"lists may hold at most {ApiLimits.MaxListItems} items";
            case JsonValueKind.Array when element.EnumerateArray().Any(item => item.ValueKind == JsonValueKind.String && item.GetString()!.Length > ApiLimits.MaxStringLength):
                return $"strings may be at most {ApiLimits.MaxStringLength} characters";
            case JsonValueKind.Object:
                return allowLists ? "must be a string, number, boolean, date or list of strings, not an object" : "must be a string, number or boolean, not an object";
        }

        try
        {
            value = RuleValue.FromJson(element);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
