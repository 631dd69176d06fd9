using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Personalization.Rules.JsonLogic;

/// <summary>
/// JSON to the values of <see cref="JavaScript"/> and back, as JSON.parse and JSON.stringify do: a repeated key keeps
/// its last value, a number beyond a double's range is ±Infinity; -0 is written as 0, NaN, ±Infinity and undefined as
/// null, and an object's member that is undefined is left out.
/// </summary>
internal static class ScriptJson
{
    private const string NotText = "a string is not Unicode text: invalid UTF-8, or a \\u escape of half a surrogate pair";

    /// <exception cref="JsonLogicException">The JSON is nested deeper than <paramref name="maxDepth"/>, or a string is not Unicode text.</exception>
    public static object? FromElement(JsonElement element, int maxDepth, string tooDeep)
    {
        try
        {
            return FromElement(element, maxDepth, tooDeep, 0);
        }
        catch (InvalidOperationException)
        {
            // What JsonElement throws for invalid UTF-8 or a \u escape of half a surrogate pair.
            throw new JsonLogicException(NotText);
        }
    }

    private static object? FromElement(JsonElement element, int maxDepth, string tooDeep, int depth)
    {
        CheckDepth(depth, maxDepth, tooDeep);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var member in element.EnumerateObject())
                {
                    members[member.Name] = FromElement(member.Value, maxDepth, tooDeep, depth + 1);
                }

                return members;
            case JsonValueKind.Array:
                var items = new object?[element.GetArrayLength()];
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[i++] = FromElement(item, maxDepth, tooDeep, depth + 1);
                }

                return items;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return element.TryGetDouble(out var number) ? number : double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
            case JsonValueKind.True:
                return JavaScript.True;
            case JsonValueKind.False:
                return JavaScript.False;
            case JsonValueKind.Undefined:
                return Undefined.Value;
            default:
                return null;
        }
    }

    /// <inheritdoc cref="FromElement(JsonElement, int, string)"/>
    public static object? FromNode(JsonNode? node, int maxDepth, string tooDeep)
    {
        try
        {
            return FromNode(node, maxDepth, tooDeep, 0);
        }
        catch (InvalidOperationException)
        {
            throw new JsonLogicException(NotText);
        }
    }

    private static object? FromNode(JsonNode? node, int maxDepth, string tooDeep, int depth)
    {
        CheckDepth(depth, maxDepth, tooDeep);
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var members = new Dictionary<string, object?>(obj.Count, StringComparer.Ordinal);
                foreach (var (name, value) in obj)
                {
                    members[name] = FromNode(value, maxDepth, tooDeep, depth + 1);
                }

                return members;
            case JsonArray array:
                var items = new object?[array.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = FromNode(array[i], maxDepth, tooDeep, depth + 1);
                }

                return items;
            default:
                var scalar = node.AsValue();
                return scalar.GetValueKind() switch
                {
                    JsonValueKind.String => scalar.GetValue<string>(),
                    JsonValueKind.Number => scalar.TryGetValue<double>(out var number)
                        ? number
                        : double.Parse(scalar.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
                    JsonValueKind.True => JavaScript.True,
                    JsonValueKind.False => JavaScript.False,
                    _ => null,
                };
        }
    }

    /// <summary>The value as JSON.stringify writes it, except that undefined at the top is null rather than nothing.</summary>
    public static JsonNode? ToNode(object? value, int depth = 0)
    {
        CheckDepth(depth, JsonLogicRule.MaxValueDepth, JsonLogicRule.ValueTooDeep);
        switch (value)
        {
            case double d:
                return double.IsFinite(d) ? JsonValue.Create(d + 0.0) : null;
            case string s:
                return JsonValue.Create(s);
            case bool b:
                return JsonValue.Create(b);
            case object?[] items:
                var array = new JsonArray();
                foreach (var item in items)
                {
                    array.Add(ToNode(item, depth + 1));
                }

                return array;
            case Dictionary<string, object?> members:
                var obj = new JsonObject();
                foreach (var (name, member) in members)
                {
                    if (member is not Undefined)
                    {
                        obj[name] = ToNode(member, depth + 1);
                    }
                }

                return obj;
            default:
                return null;
        }
    }

    private static void CheckDepth(int depth, int maxDepth, string tooDeep)
    {
        if (depth > maxDepth)
        {
            throw new JsonLogicException(tooDeep);
        }
    }
}
