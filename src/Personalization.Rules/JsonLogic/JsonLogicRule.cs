using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Personalization.Rules.JsonLogic;

/// <summary>
/// Evaluates JsonLogic (jsonlogic.com) against plain JSON data with the reference implementation's semantics,
/// JavaScript's coercions included, so rules exported by query-builder UIs behave as they do in the browser.
/// Written here because no JsonLogic library is in the package feed; it is kept to the standard operators.
/// A rule is compiled once into a tree of closures and can then be applied to any number of data documents.
/// </summary>
public sealed class JsonLogicRule
{
    /// <summary>Deeper rules are refused rather than risking the stack.</summary>
    public const int MaxDepth = 64;

    private readonly Func<JsonNode?, JsonNode?> apply;

    private JsonLogicRule(Func<JsonNode?, JsonNode?> apply) => this.apply = apply;

    /// <exception cref="JsonLogicException">An unknown operator, or a rule nested deeper than <see cref="MaxDepth"/>.</exception>
    public static JsonLogicRule Compile(JsonNode? rule) => new(CompileNode(rule, 0));

    public JsonNode? Apply(JsonNode? data) => apply(data);

    private static Func<JsonNode?, JsonNode?> CompileNode(JsonNode? rule, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new JsonLogicException($"the rule is nested more than {MaxDepth} levels deep");
        }

        if (rule is JsonArray array)
        {
            var items = array.Select(item => CompileNode(item, depth + 1)).ToArray();
            return data => new JsonArray(items.Select(item => item(data)).ToArray());
        }

        if (rule is not JsonObject { Count: 1 } logic)
        {
            var constant = rule?.DeepClone();
            return _ => constant?.DeepClone();
        }

        var (op, operand) = logic.First();
        var args = operand is JsonArray list ? list.ToArray() : [operand];
        return CompileOperation(op, args, depth + 1);
    }

    private static Func<JsonNode?, JsonNode?> CompileOperation(string op, JsonNode?[] rawArgs, int depth)
    {
        var args = rawArgs.Select(arg => CompileNode(arg, depth)).ToArray();
        Func<JsonNode?, JsonNode?> Arg(int i) => i < args.Length ? args[i] : (_ => null);
        switch (op)
        {
            case "var":
                return data => Var(data, Arg(0)(data), args.Length > 1 ? Arg(1)(data) : null);
            case "missing":
                return data => Missing(data, args.Select(a => a(data)).ToArray());
            case "missing_some":
                return data =>
                {
                    var options = Arg(1)(data) as JsonArray ?? [];
                    var missing = Missing(data, [options]);
                    return options.Count - missing.Count >= ToNumber(Arg(0)(data)) ? new JsonArray() : missing;
                };
            case "if" or "?:":
                return data =>
                {
                    int i;
                    for (i = 0; i < args.Length - 1; i += 2)
                    {
                        if (Truthy(args[i](data)))
                        {
                            return args[i + 1](data);
                        }
                    }

                    return i == args.Length - 1 ? args[i](data) : null;
                };
            case "and":
                return data => ShortCircuit(args, data, stopWhenTruthy: false);
            case "or":
                return data => ShortCircuit(args, data, stopWhenTruthy: true);
            case "map":
                return data => Items(Arg(0)(data)) is { } items ? new JsonArray(items.Select(item => Arg(1)(item)).ToArray()) : new JsonArray();
            case "filter":
                return data => Items(Arg(0)(data)) is { } items ? new JsonArray(items.Where(item => Truthy(Arg(1)(item))).Select(item => item?.DeepClone()).ToArray()) : new JsonArray();
            case "reduce":
                return data =>
                {
                    var accumulator = Arg(2)(data);
                    if (Items(Arg(0)(data)) is not { } items)
                    {
                        return accumulator;
                    }

                    foreach (var item in items)
                    {
                        accumulator = Arg(1)(new JsonObject { ["current"] = item?.DeepClone(), ["accumulator"] = accumulator?.DeepClone() });
                    }

                    return accumulator;
                };
            case "all":
                return data => Items(Arg(0)(data)) is { Length: > 0 } items && items.All(item => Truthy(Arg(1)(item)));
            case "some":
                return data => Items(Arg(0)(data)) is { } items && items.Any(item => Truthy(Arg(1)(item)));
            case "none":
                return data => !(Items(Arg(0)(data)) is { } items && items.Any(item => Truthy(Arg(1)(item))));
        }

        var evaluate = Operator(op);
        return data => evaluate(args.Select(arg => arg(data)).ToArray());
    }

    private static Func<JsonNode?[], JsonNode?> Operator(string op) => op switch
    {
        "==" or "equal" => a => LooseEquals(At(a, 0), At(a, 1)),
        "===" or "strictEqual" => a => StrictEquals(At(a, 0), At(a, 1)),
        "!=" or "notEqual" => a => !LooseEquals(At(a, 0), At(a, 1)),
        "!==" or "strictNotEqual" => a => !StrictEquals(At(a, 0), At(a, 1)),
        ">" or "greater" => a => Compare(At(a, 0), At(a, 1)) is > 0,
        ">=" or "greaterOrEqual" => a => Compare(At(a, 0), At(a, 1)) is >= 0,
        "<" or "less" => a => a.Length > 2
            ? Compare(a[0], a[1]) is < 0 && Compare(a[1], a[2]) is < 0
            : Compare(At(a, 0), At(a, 1)) is < 0,
        "<=" or "lessOrEqual" => a => a.Length > 2
            ? Compare(a[0], a[1]) is <= 0 && Compare(a[1], a[2]) is <= 0
            : Compare(At(a, 0), At(a, 1)) is <= 0,
        "!" or "not" => a => !Truthy(At(a, 0)),
        "!!" or "booleanCasting" => a => Truthy(At(a, 0)),
        "%" or "modulo" => a => Number(ToNumber(At(a, 0)) % ToNumber(At(a, 1))),
        "+" or "add" => a => Number(a.Sum(ParseFloat)),
        "*" or "multiply" => a => Number(a.Length == 0 ? double.NaN : a.Select(ParseFloat).Aggregate((x, y) => x * y)),
        "-" or "substract" => a => Number(a.Length > 1 ? ToNumber(a[0]) - ToNumber(a[1]) : -ToNumber(At(a, 0))),
        "/" or "divide" => a => Number(ToNumber(At(a, 0)) / ToNumber(At(a, 1))),
        "min" => a => a.Length == 0 ? null : Number(a.Select(ToNumber).Aggregate(double.PositiveInfinity, (x, y) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : Math.Min(x, y))),
        "max" => a => a.Length == 0 ? null : Number(a.Select(ToNumber).Aggregate(double.NegativeInfinity, (x, y) => double.IsNaN(x) || double.IsNaN(y) ? double.NaN : Math.Max(x, y))),
        "cat" => a => string.Concat(a.Select(ToJsString)),
        "substr" => a => Substring(ToJsString(At(a, 0)), ToNumber(At(a, 1)), a.Length > 2 ? ToNumber(a[2]) : null),
        "in" => a => At(a, 1) switch
        {
            JsonArray haystack => haystack.Any(item => StrictEquals(item, At(a, 0))),
            JsonValue value when value.TryGetValue<string>(out var text) => text.Contains(ToJsString(At(a, 0)), StringComparison.Ordinal),
            _ => false,
        },
        "merge" => a => new JsonArray(a.SelectMany(item => item is JsonArray inner ? inner.Select(x => x?.DeepClone()) : [item?.DeepClone()]).ToArray()),
        "log" => a => At(a, 0),
        _ => throw new JsonLogicException($"unknown operator '{op}'"),
    };

    private static JsonNode? At(JsonNode?[] args, int i) => i < args.Length ? args[i] : null;

    private static JsonNode? ShortCircuit(Func<JsonNode?, JsonNode?>[] args, JsonNode? data, bool stopWhenTruthy)
    {
        JsonNode? current = null;
        foreach (var arg in args)
        {
            current = arg(data);
            if (Truthy(current) == stopWhenTruthy)
            {
                return current;
            }
        }

        return current;
    }

    private static JsonNode?[]? Items(JsonNode? node) => node is JsonArray array ? array.ToArray() : null;

    private static JsonNode? Var(JsonNode? data, JsonNode? path, JsonNode? fallback)
    {
        var key = path is null ? "" : ToJsString(path);
        if (key.Length == 0)
        {
            return data?.DeepClone();
        }

        var current = data;
        foreach (var part in key.Split('.'))
        {
            current = current switch
            {
                JsonObject obj when obj.TryGetPropertyValue(part, out var child) => child,
                JsonArray array when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => null,
            };
            if (current is null)
            {
                return fallback;
            }
        }

        return current?.DeepClone();
    }

    private static JsonArray Missing(JsonNode? data, JsonNode?[] args)
    {
        var keys = args.Length > 0 && args[0] is JsonArray list ? list.ToArray() : args;
        var missing = new JsonArray();
        foreach (var key in keys)
        {
            var value = Var(data, key, null);
            if (value is null || (value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length == 0))
            {
                missing.Add(key?.DeepClone());
            }
        }

        return missing;
    }

    /// <summary>JsonLogic's truthiness: JavaScript's, except that an empty array is false.</summary>
    public static bool Truthy(JsonNode? node) => node switch
    {
        null => false,
        JsonArray array => array.Count > 0,
        JsonObject => true,
        JsonValue value when value.TryGetValue<bool>(out var b) => b,
        JsonValue value when value.TryGetValue<string>(out var s) => s.Length > 0,
        _ => ToNumber(node) is var n && n != 0 && !double.IsNaN(n),
    };

    private static JsonNode Number(double value) => JsonValue.Create(value);

    private static double ParseFloat(JsonNode? node)
    {
        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            // parseFloat reads the longest numeric prefix and ignores the rest.
            var trimmed = text.TrimStart();
            var length = 0;
            while (length < trimmed.Length && double.TryParse(trimmed.AsSpan(0, length + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                length++;
            }

            return length == 0 ? double.NaN : double.Parse(trimmed.AsSpan(0, length), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return ToNumber(node);
    }

    /// <summary>JavaScript's ToNumber on a JSON value.</summary>
    private static double ToNumber(JsonNode? node) => node switch
    {
        null => 0,
        JsonArray or JsonObject => ToNumber(JsonValue.Create(ToJsString(node))),
        JsonValue value when value.TryGetValue<bool>(out var b) => b ? 1 : 0,
        JsonValue value when value.TryGetValue<string>(out var s) => s.Trim() is var t && t.Length == 0
            ? 0
            : double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN,
        _ => node.GetValue<double>(),
    };

    /// <summary>JavaScript's String() on a JSON value.</summary>
    private static string ToJsString(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray array => string.Join(",", array.Select(item => item is null ? "" : ToJsString(item))),
        JsonObject => "[object Object]",
        JsonValue value when value.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        _ => FormatNumber(node.GetValue<double>()),
    };

    private static string FormatNumber(double number) => double.IsNaN(number) ? "NaN"
        : double.IsInfinity(number) ? (number > 0 ? "Infinity" : "-Infinity")
        : number.ToString("R", CultureInfo.InvariantCulture);

    private static string Substring(string source, double start, double? length)
    {
        var from = (int)(start < 0 ? Math.Max(0, source.Length + start) : Math.Min(start, source.Length));
        if (length is not { } count)
        {
            return source[from..];
        }

        var end = count < 0 ? source.Length + (int)count : from + (int)count;
        return end <= from ? "" : source[from..Math.Min(end, source.Length)];
    }

    private static bool IsPrimitive(JsonNode? node) => node is null or JsonValue;

    private static bool StrictEquals(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonValue x, JsonValue y) when x.GetValueKind() is var kx && y.GetValueKind() is var ky =>
            (kx, ky) switch
            {
                (System.Text.Json.JsonValueKind.Number, System.Text.Json.JsonValueKind.Number) => x.GetValue<double>() == y.GetValue<double>(),
                (System.Text.Json.JsonValueKind.String, System.Text.Json.JsonValueKind.String) => x.GetValue<string>() == y.GetValue<string>(),
                (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False, System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False) => x.GetValue<bool>() == y.GetValue<bool>(),
                _ => false,
            },
        _ => ReferenceEquals(a, b),
    };

    /// <summary>JavaScript's == (abstract equality) on JSON values.</summary>
    private static bool LooseEquals(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a is JsonValue && b is JsonValue && a.GetValueKind() == b.GetValueKind())
        {
            return StrictEquals(a, b);
        }

        if (!IsPrimitive(a) && !IsPrimitive(b))
        {
            return ReferenceEquals(a, b);
        }

        if (IsBool(a) || IsBool(b) || IsNumber(a) || IsNumber(b))
        {
            // Booleans and numbers compare as numbers; so do strings and arrays against them.
            return ToNumber(a) == ToNumber(b);
        }

        return ToJsString(a) == ToJsString(b);
    }

    private static bool IsBool(JsonNode? node) => node is JsonValue v && v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False;

    private static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number;

    /// <summary>JavaScript's relational comparison: strings against strings by code unit, anything else as numbers; NaN compares as null.</summary>
    private static int? Compare(JsonNode? a, JsonNode? b)
    {
        if (a is JsonValue x && b is JsonValue y && x.TryGetValue<string>(out var s1) && y.TryGetValue<string>(out var s2))
        {
            return Math.Sign(string.CompareOrdinal(s1, s2));
        }

        var (left, right) = (ToNumber(a), ToNumber(b));
        return double.IsNaN(left) || double.IsNaN(right) ? null : left.CompareTo(right);
    }
}

public sealed class JsonLogicException(string message) : Exception(message);
