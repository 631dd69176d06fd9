using System.Text.Json.Nodes;

namespace Personalization.Testing;

/// <summary>
/// Seeded random JsonLogic rules and data documents: every standard operator, nested, with arguments left out or
/// added, over the values where JavaScript's conversions matter (null, "", strings with a numeric prefix, -0, 1e21,
/// arrays of one item, objects) and the ones that give NaN or Infinity.
/// </summary>
/// <remarks>Self-contained, like the other files of tests/Shared: the rule and host tests both draw cases from it.</remarks>
internal sealed class JsonLogicCases(int seed)
{
    public static readonly string[] Operators =
    [
        "==", "===", "!=", "!==", ">", ">=", "<", "<=", "!", "!!", "%", "log", "in", "cat", "substr", "+", "*", "-", "/",
        "min", "max", "merge", "var", "missing", "missing_some", "if", "?:", "and", "or", "filter", "map", "reduce", "all",
        "none", "some",
    ];

    private static readonly string[] SegmentOperators =
    [
        "==", "===", "!=", "!==", "<", "<=", ">", ">=", "in", "not_in", "contains", "+", "-", "*", "/", "%", "and", "or", "!",
        "starts_with", "ends_with", "lower", "age_in_years", "in_segment", "days_since_first_seen", "count", "sum", "avg",
        "min", "max", "distinct", "last", "days_since", "minutes_since", "if", "cat",
    ];

    private static readonly string[] Windows = ["30d", "1h", "15m", "session", "lifetime", "3w", "0d", "99999d", ""];

    private static readonly double[] Numbers =
    [
        0, -0.0, 1, -1, 2, 3, 0.5, -1.5, 1.5, 10, 100, 1e21, 1e-7, 2.5e-5, 0.1, 1.2345678901234568e20, 2147483648, 4294967296,
        -2147483649, 9007199254740993, 1e300, 5e-324,
    ];

    private static readonly string[] Strings =
    [
        "", "0", "1", "-1", " 1 ", "-1.5", ".5", "5.", "+2", "1e3", "1e", "12abc", "abc", "a", "0x10", "0b11", "Infinity",
        "-Infinity", "infinity", "NaN", "true", "null", "undefined", "a,b", "1,2", "\u00a02", "  ", "01", "[object Object]",
        "b", "x", "arr", "é", "\ud83d\ude00",
    ];

    /// <summary>What strings read as numbers are made of, and a few characters that end such a reading.</summary>
    private const string NumberCharacters = "0123456789.eE+- xIn,\t";

    private static readonly string[] Paths =
    [
        "a", "b", "x", "s", "n", "nul", "arr", "obj", "empty", "zero", "obj.a", "obj.b", "obj.nul", "arr.0", "arr.1", "arr.9",
        "arr.01", "arr.length", "s.length", "s.0", "nul.a", "a.b.c", "missing", "", "current", "accumulator",
    ];

    private static readonly string[] Keys = ["a", "b", "x", "s", "n", "nul", "arr", "obj", "empty", "zero", "current", "accumulator"];

    private readonly Random random = new(seed);

    public (JsonNode? Rule, JsonNode? Data) Next() => (Rule(random.Next(1, 5)), Data());

    public JsonNode? Rule(int depth)
    {
        if (depth <= 0 || random.Next(6) == 0)
        {
            return random.Next(3) == 0 ? Var() : Value(1);
        }

        var op = Operators[random.Next(Operators.Length)];
        JsonNode? Arg() => Rule(depth - 1);
        var args = op switch
        {
            "var" => [Path(), .. random.Next(3) == 0 ? [Value(1)] : Array.Empty<JsonNode?>()],
            "missing" => [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => (JsonNode?)(random.Next(4) == 0 ? new JsonArray(Path(), Path()) : Path()))],
            "missing_some" => [random.Next(0, 3), new JsonArray([.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => Path())])],
            "filter" or "map" or "all" or "none" or "some" => [Collection(depth), Rule(depth - 1)],
            "reduce" => [Collection(depth), Rule(depth - 1), .. random.Next(4) == 0 ? Array.Empty<JsonNode?>() : [Arg()]],
            _ => Enumerable.Range(0, Arity(op)).Select(_ => Arg()).ToArray(),
        };

        // A single argument may be written without its array: {"!": x}.
        return new JsonObject { [op] = args.Length == 1 && random.Next(3) == 0 && args[0] is not JsonArray ? args[0] : new JsonArray(args) };
    }

    /// <summary>Mostly an object; now and then another value, which <c>{"var":""}</c> reads whole.</summary>
    /// <summary>
    /// A segment rule in JsonLogic form: the operators segments share with JsonLogic and their own (<c>not_in</c>,
    /// <c>contains</c>, functions, behavioural functions with windows and filters), with now and then a wrong arity, an
    /// unknown window or a plain-JsonLogic operator that segments refuse.
    /// </summary>
    public JsonNode? SegmentRule(int depth)
    {
        if (depth <= 0 || random.Next(6) == 0)
        {
            return random.Next(2) == 0 ? new JsonObject { ["var"] = Paths[random.Next(Paths.Length)] } : Value(1);
        }

        var op = SegmentOperators[random.Next(SegmentOperators.Length)];
        JsonNode? Arg() => SegmentRule(depth - 1);
        JsonNode?[] args = op switch
        {
            "count" or "sum" or "avg" or "min" or "max" or "distinct" or "last" or "days_since" or "minutes_since" =>
            [
                random.Next(2) == 0 ? "purchase" : "purchase.value",
                .. random.Next(2) == 0 ? [Windows[random.Next(Windows.Length)]] : Array.Empty<JsonNode?>(),
                .. random.Next(3) == 0 ? [SegmentRule(depth - 1)] : Array.Empty<JsonNode?>(),
            ],
            "in_segment" => [random.Next(2) == 0 ? "target" : Value(0)],
            "days_since_first_seen" => [],
            "lower" or "age_in_years" or "!" => [Arg()],
            _ => op == "<=" && random.Next(3) == 0 ? [Arg(), Arg(), Arg()] : [Arg(), Arg()],
        };
        if (random.Next(10) == 0)
        {
            args = args.Length > 0 ? args[..^1] : [Arg()];
        }

        return new JsonObject { [op] = new JsonArray(args) };
    }

    public JsonNode? Data() => random.Next(10) == 0
        ? Value(2)
        : new JsonObject(Keys.Where(_ => random.Next(3) > 0).Select(key => KeyValuePair.Create(key, Value(2))));

    private int Arity(string op)
    {
        var usual = op switch
        {
            "!" or "!!" or "log" => 1,
            "<" or "<=" => random.Next(2, 4),
            "substr" or "if" or "?:" => random.Next(2, 4),
            "cat" or "+" or "*" or "min" or "max" or "merge" or "and" or "or" => random.Next(1, 4),
            _ => 2,
        };

        // Now and then an argument too few or too many.
        return random.Next(8) switch
        {
            0 => Math.Max(0, usual - 1),
            1 => usual + 1,
            _ => usual,
        };
    }

    private JsonNode? Collection(int depth) => random.Next(3) switch
    {
        0 => new JsonObject { ["var"] = random.Next(2) == 0 ? "arr" : Paths[random.Next(Paths.Length)] },
        1 => new JsonArray([.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => Value(1))]),
        _ => Rule(depth - 1),
    };

    private JsonNode Var() => random.Next(4) == 0
        ? new JsonObject { ["var"] = new JsonArray(Path(), Value(1)) }
        : new JsonObject { ["var"] = Path() };

    private JsonNode? Path() => random.Next(10) switch
    {
        0 => random.Next(3),
        1 => null,
        _ => Paths[random.Next(Paths.Length)],
    };

    /// <summary>A data value or a literal; objects have two keys or more, since a literal object with one key would be an operation.</summary>
    private JsonNode? Value(int depth) => random.Next(depth > 0 ? 9 : 6) switch
    {
        0 => null,
        1 => random.Next(2) == 0,
        2 => Numbers[random.Next(Numbers.Length)] * (random.Next(4) == 0 ? -1 : 1),
        3 => Math.Round(random.NextDouble() * 100, random.Next(4)) * Math.Pow(10, random.Next(-25, 25)) * (random.Next(4) == 0 ? -1 : 1),
        4 => Strings[random.Next(Strings.Length)],
        5 => new string([.. Enumerable.Range(0, random.Next(1, 6)).Select(_ => NumberCharacters[random.Next(NumberCharacters.Length)])]),
        6 or 7 => new JsonArray([.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => Value(depth - 1))]),
        _ => new JsonObject(Keys.Skip(2).Where(_ => random.Next(4) == 0).Take(2).Prepend("b").Prepend("a").Select(key => KeyValuePair.Create(key, Value(depth - 1)))),
    };
}
