using System.Text.Json;
using System.Text.Json.Nodes;

namespace Personalization.Rules.JsonLogic;

/// <summary>
/// Plain JsonLogic (https://jsonlogic.com) with the answers of json-logic-js, the reference implementation, JavaScript's
/// conversions included, so rules exported by query-builder UIs behave as they do in the browser. The standard
/// operators only; the deliberate differences (an unknown operator refused when compiled, the limits below, no
/// JavaScript prototype properties) are listed in docs/rules.md. A rule is compiled once into a tree of closures and can
/// then be applied to any number of data documents.
/// </summary>
public sealed class JsonLogicRule
{
    /// <summary>Operations nested deeper are refused rather than risking the stack.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Arrays and objects nested deeper (data, or values a rule builds, e.g. by wrapping an accumulator) are refused:
    /// an answer wraps the result in one more object, and ASP.NET Core writes JSON at most 64 levels deep.
    /// </summary>
    public const int MaxValueDepth = 60;

    /// <summary>The longest string an evaluation may build (<c>cat</c>, an array's string form), in UTF-16 code units.</summary>
    public const int MaxStringLength = 1_000_000;

    /// <summary>The longest array <c>merge</c> may build.</summary>
    public const int MaxArrayLength = 100_000;

    /// <summary>
    /// The work one evaluation may do: one unit per operation, per item iterated, searched, built, merged or turned into
    /// text, and per 64 characters joined.
    /// </summary>
    public const long MaxSteps = 1_000_000;

    internal static readonly string ValueTooDeep = $"a value is nested more than {MaxValueDepth} levels deep";

    private static readonly string RuleTooDeep = $"the rule is nested more than {MaxDepth} levels deep";

    private static readonly Step ReturnUndefined = (_, _) => Undefined.Value;

    private readonly Step root;

    private JsonLogicRule(Step root) => this.root = root;

    private delegate object? Step(object? data, Budget budget);

    /// <exception cref="JsonLogicException">An unknown operator, or a rule nested deeper than <see cref="MaxDepth"/>.</exception>
    public static JsonLogicRule Compile(JsonNode? rule) => new(CompileValue(ScriptJson.FromNode(rule, 2 * MaxDepth + 2, RuleTooDeep), 0));

    /// <inheritdoc cref="Compile(JsonNode?)"/>
    public static JsonLogicRule Compile(JsonElement rule) => new(CompileValue(ScriptJson.FromElement(rule, 2 * MaxDepth + 2, RuleTooDeep), 0));

    /// <summary>The rule's answer as JSON; NaN, ±Infinity and undefined are null, as JSON.stringify writes them.</summary>
    /// <exception cref="JsonLogicException">The evaluation went past a limit, or did what json-logic-js throws for (<c>*</c> with no argument, <c>missing_some</c> of null).</exception>
    public JsonNode? Apply(JsonNode? data) => ScriptJson.ToNode(Evaluate(ScriptJson.FromNode(data, MaxValueDepth, ValueTooDeep)));

    /// <inheritdoc cref="Apply(JsonNode?)"/>
    /// <remarks>A default <see cref="JsonElement"/> is JavaScript's undefined: no data at all.</remarks>
    public JsonNode? Apply(JsonElement data) => ScriptJson.ToNode(Evaluate(ScriptJson.FromElement(data, MaxValueDepth, ValueTooDeep)));

    internal static void CheckStringLength(int length)
    {
        if (length > MaxStringLength)
        {
            throw new JsonLogicException($"a string would be longer than {MaxStringLength} characters");
        }
    }

    /// <summary>A new array: JavaScript arrays compare by identity, so an empty one must not be the shared empty array LINQ hands out.</summary>
    private static object?[] NewArray(List<object?> items)
    {
        var array = new object?[items.Count];
        items.CopyTo(array);
        return array;
    }

    private object? Evaluate(object? data)
    {
        var budget = new Budget();
        var outer = Budget.Current;
        Budget.Current = budget;
        try
        {
            return root(data, budget);
        }
        finally
        {
            Budget.Current = outer;
        }
    }

    private static Step CompileValue(object? rule, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new JsonLogicException(RuleTooDeep);
        }

        switch (rule)
        {
            case object?[] array:
                var items = Array.ConvertAll(array, item => CompileValue(item, depth + 1));
                return (data, budget) =>
                {
                    budget.Spend(1 + items.Length);
                    var values = new object?[items.Length];
                    for (var i = 0; i < items.Length; i++)
                    {
                        values[i] = items[i](data, budget);
                    }

                    return values;
                };
            case Dictionary<string, object?> { Count: 1 } logic:
                var (op, operand) = logic.First();
                return CompileOperation(op, operand is object?[] list ? list : [operand], depth + 1);
            default:
                // A literal, or an object that is not an operation (json-logic-js hands back that same object).
                return (_, _) => rule;
        }
    }

    private static Step CompileOperation(string op, object?[] rawArgs, int depth)
    {
        var args = Array.ConvertAll(rawArgs, arg => CompileValue(arg, depth));
        var first = args.Length > 0 ? args[0] : ReturnUndefined;
        var second = args.Length > 1 ? args[1] : ReturnUndefined;
        switch (op)
        {
            case "if" or "?:":
                return (data, budget) =>
                {
                    budget.Spend(1);
                    int i;
                    for (i = 0; i < args.Length - 1; i += 2)
                    {
                        if (JavaScript.Truthy(args[i](data, budget)))
                        {
                            return args[i + 1](data, budget);
                        }
                    }

                    return i == args.Length - 1 ? args[i](data, budget) : null;
                };
            case "and" or "or":
                var stopWhenTruthy = op == "or";
                return (data, budget) =>
                {
                    budget.Spend(1);
                    object? current = Undefined.Value;
                    foreach (var arg in args)
                    {
                        current = arg(data, budget);
                        if (JavaScript.Truthy(current) == stopWhenTruthy)
                        {
                            return current;
                        }
                    }

                    return current;
                };
            case "filter":
                return (data, budget) =>
                {
                    if (first(data, budget) is not object?[] items)
                    {
                        return new object?[0];
                    }

                    budget.Spend(1 + items.Length);
                    return NewArray(items.Where(item => JavaScript.Truthy(second(item, budget))).ToList());
                };
            case "map":
                return (data, budget) =>
                {
                    if (first(data, budget) is not object?[] items)
                    {
                        return new object?[0];
                    }

                    budget.Spend(1 + items.Length);
                    return Array.ConvertAll(items, item => second(item, budget));
                };
            case "reduce":
                return (data, budget) =>
                {
                    var scope = first(data, budget);
                    var accumulator = args.Length > 2 ? args[2](data, budget) : null;
                    if (scope is not object?[] items)
                    {
                        return accumulator;
                    }

                    budget.Spend(1 + items.Length);
                    foreach (var item in items)
                    {
                        accumulator = second(new Dictionary<string, object?>(2, StringComparer.Ordinal) { ["current"] = item, ["accumulator"] = accumulator }, budget);
                    }

                    return accumulator;
                };
            case "all" or "some" or "none":
                // all: every item truthy; some: one is; none: none is. An empty or absent array is neither all nor some.
                var wantTruthy = op != "all";
                var whenFound = op == "some";
                return (data, budget) =>
                {
                    if (first(data, budget) is not object?[] { Length: > 0 } items)
                    {
                        return JavaScript.Bool(op == "none");
                    }

                    budget.Spend(1 + items.Length);
                    foreach (var item in items)
                    {
                        if (JavaScript.Truthy(second(item, budget)) == wantTruthy)
                        {
                            return JavaScript.Bool(whenFound);
                        }
                    }

                    return JavaScript.Bool(!whenFound);
                };
        }

        if (op == "var" && rawArgs.Length is 1 or 2 && rawArgs[0] is string { Length: > 0 } or double)
        {
            // The usual var, a fixed path: split once here rather than on every evaluation.
            var path = JavaScript.ToString(rawArgs[0]).Split('.');
            return (data, budget) =>
            {
                budget.Spend(1);
                return Operations.Lookup(data, path, second(data, budget));
            };
        }

        var operation = Operations.Find(op) ?? throw new JsonLogicException($"unknown operator '{op}'");
        return args.Length switch
        {
            0 => (data, budget) =>
            {
                budget.Spend(1);
                return operation([], data, budget);
            },
            1 => (data, budget) =>
            {
                budget.Spend(1);
                return operation([first(data, budget)], data, budget);
            },
            _ => (data, budget) =>
            {
                budget.Spend(1);
                var values = new object?[args.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = args[i](data, budget);
                }

                return operation(values, data, budget);
            },
        };
    }

    /// <summary>What one evaluation may still do; see <see cref="MaxSteps"/>.</summary>
    internal sealed class Budget
    {
        private long remaining = MaxSteps;

        /// <summary>The evaluation running on this thread, for the conversions that walk an array (its string form).</summary>
        [ThreadStatic]
        private static Budget? current;

        public static Budget? Current
        {
            get => current;
            set => current = value;
        }

        public void Spend(long steps)
        {
            remaining -= steps;
            if (remaining < 0)
            {
                throw new JsonLogicException($"the evaluation would take more than {MaxSteps} steps");
            }
        }
    }

    /// <summary>
    /// The operators that take their arguments evaluated, as json-logic-js's operations table does, and the named
    /// aliases (<c>equal</c>, <c>add</c>, <c>substract</c>, ...) that the official test suite uses and json-logic-js lacks.
    /// </summary>
    private static class Operations
    {
        public delegate object? Operation(object?[] args, object? data, Budget budget);

        public static Operation? Find(string op) => op switch
        {
            "==" or "equal" => (a, _, _) => JavaScript.Bool(JavaScript.LooseEquals(At(a, 0), At(a, 1))),
            "===" or "strictEqual" => (a, _, _) => JavaScript.Bool(JavaScript.StrictEquals(At(a, 0), At(a, 1))),
            "!=" or "notEqual" => (a, _, _) => JavaScript.Bool(!JavaScript.LooseEquals(At(a, 0), At(a, 1))),
            "!==" or "strictNotEqual" => (a, _, _) => JavaScript.Bool(!JavaScript.StrictEquals(At(a, 0), At(a, 1))),
            ">" or "greater" => (a, _, _) => JavaScript.Bool(JavaScript.Compare(At(a, 0), At(a, 1)) is > 0),
            ">=" or "greaterOrEqual" => (a, _, _) => JavaScript.Bool(JavaScript.Compare(At(a, 0), At(a, 1)) is >= 0),
            "<" or "less" => (a, _, _) => JavaScript.Bool(At(a, 2) is not Undefined
                ? JavaScript.Compare(a[0], a[1]) is < 0 && JavaScript.Compare(a[1], a[2]) is < 0
                : JavaScript.Compare(At(a, 0), At(a, 1)) is < 0),
            "<=" or "lessOrEqual" => (a, _, _) => JavaScript.Bool(At(a, 2) is not Undefined
                ? JavaScript.Compare(a[0], a[1]) is <= 0 && JavaScript.Compare(a[1], a[2]) is <= 0
                : JavaScript.Compare(At(a, 0), At(a, 1)) is <= 0),
            "!!" or "booleanCasting" => (a, _, _) => JavaScript.Bool(JavaScript.Truthy(At(a, 0))),
            "!" or "not" => (a, _, _) => JavaScript.Bool(!JavaScript.Truthy(At(a, 0))),
            "%" or "modulo" => (a, _, _) => JavaScript.ToNumber(At(a, 0)) % JavaScript.ToNumber(At(a, 1)),
            "log" => (a, _, _) => At(a, 0),
            "in" => (a, _, budget) =>
            {
                budget.Spend(At(a, 1) is object?[] items ? items.Length : 1);
                return JavaScript.Bool(In(At(a, 0), At(a, 1)));
            },
            "cat" => Cat,
            "substr" => (a, _, budget) => Substring(At(a, 0), At(a, 1), At(a, 2), budget),
            "+" or "add" => (a, _, _) => Add(a),
            "*" or "multiply" => (a, _, _) => Multiply(a),
            "-" or "substract" => (a, _, _) => At(a, 1) is Undefined
                ? -JavaScript.ToNumber(At(a, 0))
                : JavaScript.ToNumber(a[0]) - JavaScript.ToNumber(a[1]),
            "/" or "divide" => (a, _, _) => JavaScript.ToNumber(At(a, 0)) / JavaScript.ToNumber(At(a, 1)),
            "min" => (a, _, _) => Extreme(a, double.PositiveInfinity, Math.Min),
            "max" => (a, _, _) => Extreme(a, double.NegativeInfinity, Math.Max),
            "merge" => Merge,
            "var" => (a, data, _) => Var(data, At(a, 0), At(a, 1)),
            "missing" => (a, data, _) => Missing(data, a),
            "missing_some" => (a, data, _) => MissingSome(data, At(a, 0), At(a, 1)),
            _ => null,
        };

        private static object? At(object?[] args, int i) => i < args.Length ? args[i] : Undefined.Value;

        /// <summary>A string haystack holds the needle's string form; an array holds an item === the needle; a falsy haystack holds nothing.</summary>
        private static bool In(object? needle, object? haystack) => haystack switch
        {
            string text => text.Length > 0 && text.Contains(JavaScript.ToString(needle), StringComparison.Ordinal),
            object?[] items => Array.Exists(items, item => JavaScript.StrictEquals(item, needle)),
            _ => false,
        };

        private static object? Cat(object?[] args, object? data, Budget budget)
        {
            var text = JavaScript.Join(args, "");
            budget.Spend(1 + text.Length / 64);
            return text;
        }

        /// <summary>String.prototype.substr, and json-logic-js's reading of a negative length as characters left off the end.</summary>
        private static string Substring(object? source, object? start, object? length, Budget budget)
        {
            var text = JavaScript.ToString(source);
            budget.Spend(1 + text.Length / 64);
            if (JavaScript.Compare(length, JavaScript.Zero) is < 0)
            {
                var rest = Substr(text, start, Undefined.Value);

                // rest.length + length: JavaScript's + joins the two as text when the length is not a number.
                var keep = length is double d ? (object)(rest.Length + d) : JavaScript.ToString((double)rest.Length) + JavaScript.ToString(length);
                return Substr(rest, JavaScript.Zero, keep);
            }

            return Substr(text, start, length);
        }

        private static string Substr(string text, object? start, object? length)
        {
            var size = text.Length;
            var from = JavaScript.ToIntegerOrInfinity(start);
            from = from < 0 ? Math.Max(size + from, 0) : Math.Min(from, size);
            var count = length is Undefined ? size : Math.Clamp(JavaScript.ToIntegerOrInfinity(length), 0, size);
            var end = Math.Min(from + count, size);
            return end <= from ? "" : text.Substring((int)from, (int)(end - from));
        }

        /// <summary>json-logic-js's reduce from 0 of parseFloat(a) + parseFloat(b).</summary>
        private static double Add(object?[] args)
        {
            double sum = 0;
            foreach (var arg in args)
            {
                sum = JavaScript.ParseFloat(sum) + JavaScript.ParseFloat(arg);
            }

            return sum;
        }

        /// <summary>json-logic-js's reduce without a start: one argument comes back as it is, none is an error.</summary>
        private static object? Multiply(object?[] args)
        {
            if (args.Length == 0)
            {
                throw new JsonLogicException("'*' needs at least one argument");
            }

            var product = args[0];
            for (var i = 1; i < args.Length; i++)
            {
                product = JavaScript.ParseFloat(product) * JavaScript.ParseFloat(args[i]);
            }

            return product;
        }

        /// <summary>Math.min or Math.max: every argument as a number, NaN if one is; ±Infinity with none.</summary>
        private static double Extreme(object?[] args, double start, Func<double, double, double> pick)
        {
            var result = start;
            foreach (var arg in args)
            {
                result = pick(result, JavaScript.ToNumber(arg));
            }

            return result;
        }

        private static object?[] Merge(object?[] args, object? data, Budget budget)
        {
            long length = 0;
            foreach (var arg in args)
            {
                length += arg is object?[] inner ? inner.Length : 1;
            }

            if (length > MaxArrayLength)
            {
                throw new JsonLogicException($"merge would build an array of more than {MaxArrayLength} items");
            }

            budget.Spend(length);
            var merged = new object?[length];
            var at = 0;
            foreach (var arg in args)
            {
                if (arg is object?[] inner)
                {
                    inner.CopyTo(merged, at);
                    at += inner.Length;
                }
                else
                {
                    merged[at++] = arg;
                }
            }

            return merged;
        }

        /// <summary>
        /// The value at a dotted path; <paramref name="fallback"/> (null when left out) when a step is missing or
        /// descends from null, but a present null at the end is null. No path (or "" or null) is the data itself.
        /// </summary>
        private static object? Var(object? data, object? path, object? fallback)
        {
            if (path is null or Undefined || path is string { Length: 0 })
            {
                return data;
            }

            return Lookup(data, JavaScript.ToString(path).Split('.'), fallback);
        }

        /// <summary>The value at a path already split at its dots; see <see cref="Var"/>.</summary>
        public static object? Lookup(object? data, string[] path, object? fallback)
        {
            var notFound = fallback is Undefined ? null : fallback;
            var current = data;
            foreach (var name in path)
            {
                if (current is null or Undefined)
                {
                    return notFound;
                }

                current = Property(current, name);
                if (current is Undefined)
                {
                    return notFound;
                }
            }

            return current;
        }

        /// <summary>An object's own member, an array's or a string's item at a canonical index, or their length.</summary>
        private static object? Property(object value, string name)
        {
            switch (value)
            {
                case Dictionary<string, object?> members:
                    return members.TryGetValue(name, out var member) ? member : Undefined.Value;
                case object?[] items:
                    return name == "length" ? (double)items.Length : Index(name) is { } i && i < items.Length ? items[i] : Undefined.Value;
                case string text:
                    return name == "length" ? (double)text.Length : Index(name) is { } j && j < text.Length ? text[j].ToString() : Undefined.Value;
                default:
                    return Undefined.Value;
            }
        }

        /// <summary>The index a name is when it is one: decimal digits without a leading zero (other than "0" itself).</summary>
        private static int? Index(string name)
        {
            if (name.Length is 0 or > 9 || (name.Length > 1 && name[0] == '0'))
            {
                return null;
            }

            var index = 0;
            foreach (var c in name)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return null;
                }

                index = index * 10 + (c - '0');
            }

            return index;
        }

        /// <summary>The keys (the arguments, or the first argument when it is an array) whose value is null, absent or "".</summary>
        private static object?[] Missing(object? data, object?[] args)
        {
            var keys = args.Length > 0 && args[0] is object?[] list ? list : args;
            var missing = new List<object?>();
            foreach (var key in keys)
            {
                // json-logic-js looks each key up as {"var": key}, so a key that is an array is a path and its default.
                var value = key is object?[] pathAndDefault
                    ? Var(data, At(pathAndDefault, 0), At(pathAndDefault, 1))
                    : Var(data, key, Undefined.Value);
                if (value is null || value is string { Length: 0 })
                {
                    missing.Add(key);
                }
            }

            return NewArray(missing);
        }

        private static object?[] MissingSome(object? data, object? needed, object? options)
        {
            var missing = Missing(data, options is object?[] list ? list : [options]);
            double available = options switch
            {
                object?[] items => items.Length,
                string text => text.Length,
                null or Undefined => throw new JsonLogicException("missing_some needs an array of keys as its second argument"),
                _ => double.NaN,
            };
            return JavaScript.Compare(available - missing.Length, needed) is >= 0 ? new object?[0] : missing;
        }
    }
}
