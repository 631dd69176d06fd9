using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Personalization.Rules.Syntax;

namespace Personalization.Rules.JsonLogic;

/// <summary>
/// Segment rules written as JsonLogic, the format query-builder UIs export. Both directions go through the same
/// <see cref="RuleExpression"/> tree as the text form, so a rule stored in one form reads back in the other and
/// compiles to the same evaluation.
/// </summary>
/// <remarks>
/// Standard operators keep their JsonLogic spelling: <c>var</c>, <c>== != &lt; &lt;= &gt; &gt;=</c> (<c>=== !==</c>
/// read as <c>== !=</c>), <c>in</c>, <c>and or !</c>, <c>+ - * / %</c>, and <c>{"&lt;=":[low, x, high]}</c> for
/// <c>between</c>. The rule language's own operations are custom operators: <c>not_in</c>, <c>contains</c>, the
/// functions by name (<c>{"starts_with":[a, b]}</c>, <c>{"in_segment":["vip"]}</c>, <c>{"days_since_first_seen":[]}</c>),
/// and the behavioural functions as <c>{"count":["purchase", "30d"]}</c>, <c>{"sum":["purchase.value", "90d"]}</c>,
/// <c>{"count":["page_view", "session", {"==":[{"var":"category"}, "shoes"]}]}</c>: the event (with its field after the
/// first dot, or as <c>{"event":..,"field":..}</c> when the event type itself holds a dot), an optional window
/// (<c>lifetime</c> when omitted) and an optional filter over the event's properties.
/// </remarks>
public static class JsonLogicSyntax
{
    private static readonly Dictionary<string, BinaryOperator> BinaryOperators = new(StringComparer.Ordinal)
    {
        ["=="] = BinaryOperator.Equal,
        ["==="] = BinaryOperator.Equal,
        ["!="] = BinaryOperator.NotEqual,
        ["!=="] = BinaryOperator.NotEqual,
        ["<"] = BinaryOperator.Less,
        ["<="] = BinaryOperator.LessOrEqual,
        [">"] = BinaryOperator.Greater,
        [">="] = BinaryOperator.GreaterOrEqual,
        ["in"] = BinaryOperator.In,
        ["not_in"] = BinaryOperator.NotIn,
        ["contains"] = BinaryOperator.Contains,
        ["+"] = BinaryOperator.Add,
        ["-"] = BinaryOperator.Subtract,
        ["*"] = BinaryOperator.Multiply,
        ["/"] = BinaryOperator.Divide,
        ["%"] = BinaryOperator.Modulo,
    };

    private static readonly Dictionary<BinaryOperator, string> BinarySpelling = new()
    {
        [BinaryOperator.Equal] = "==",
        [BinaryOperator.NotEqual] = "!=",
        [BinaryOperator.Less] = "<",
        [BinaryOperator.LessOrEqual] = "<=",
        [BinaryOperator.Greater] = ">",
        [BinaryOperator.GreaterOrEqual] = ">=",
        [BinaryOperator.In] = "in",
        [BinaryOperator.NotIn] = "not_in",
        [BinaryOperator.Contains] = "contains",
        [BinaryOperator.Add] = "+",
        [BinaryOperator.Subtract] = "-",
        [BinaryOperator.Multiply] = "*",
        [BinaryOperator.Divide] = "/",
        [BinaryOperator.Modulo] = "%",
    };

    private static readonly Dictionary<string, BehaviourFunction> BehaviourFunctions = new(StringComparer.Ordinal)
    {
        ["count"] = BehaviourFunction.Count,
        ["sum"] = BehaviourFunction.Sum,
        ["avg"] = BehaviourFunction.Avg,
        ["min"] = BehaviourFunction.Min,
        ["max"] = BehaviourFunction.Max,
        ["distinct"] = BehaviourFunction.Distinct,
        ["last"] = BehaviourFunction.Last,
        ["days_since"] = BehaviourFunction.DaysSince,
        ["minutes_since"] = BehaviourFunction.MinutesSince,
    };

    private static readonly HashSet<string> Functions = ["starts_with", "ends_with", "lower", "age_in_years", "in_segment", "days_since_first_seen", "percentile"];

    /// <exception cref="JsonLogicException">The JSON is not a segment rule; the message names the place (a JSON path) and the reason.</exception>
    public static RuleExpression Parse(JsonNode? rule) => new Reader().Read(rule, "$", eventScope: false, depth: 0);

    /// <summary>Reads JsonLogic and prints it as rule text, the form the catalog stores and compiles.</summary>
    public static string ToRuleText(JsonNode? rule) => RuleText.Print(Parse(rule));

    public static JsonNode? ToJsonLogic(string ruleText) => Write(RuleText.Parse(ruleText));

    public static JsonNode? Write(RuleExpression expression) => expression switch
    {
        LiteralExpression literal => Scalar(literal.Value),
        ListExpression list => new JsonArray(list.Items.Select(Scalar).ToArray()),
        AttributeExpression attribute => new JsonObject { ["var"] = attribute.Name },
        EventFieldExpression field => new JsonObject { ["var"] = field.Name },
        UnaryExpression { Operator: UnaryOperator.Not } unary => Operation("!", Write(unary.Operand)),
        UnaryExpression unary => Operation("-", Write(unary.Operand)),
        BinaryExpression binary => Operation(BinarySpelling[binary.Operator], Write(binary.Left), Write(binary.Right)),
        LogicalExpression logical => Operation(logical.Operator == LogicalOperator.And ? "and" : "or", [.. logical.Operands.Select(Write)]),
        BetweenExpression between => Operation("<=", Write(between.Low), Write(between.Value), Write(between.High)),
        FunctionExpression forecast when ForecastFunctions.IsForecast(forecast.Name) => ForecastFunctions.TakesHorizon(forecast.Name)
            ? Operation(forecast.Name, ForecastFunctions.FormatHorizon(forecast))
            : Operation(forecast.Name),
        FunctionExpression function => Operation(function.Name, [.. function.Arguments.Select(Write)]),
        BehaviourExpression behaviour => WriteBehaviour(behaviour),
        _ => throw new ArgumentException($"No JsonLogic form for {expression.GetType().Name}", nameof(expression)),
    };

    private static JsonNode WriteBehaviour(BehaviourExpression behaviour)
    {
        JsonNode target = behaviour.Field is null
            ? behaviour.EventType
            : behaviour.EventType.Contains('.')
                ? new JsonObject { ["event"] = behaviour.EventType, ["field"] = behaviour.Field }
                : $"{behaviour.EventType}.{behaviour.Field}";
        var args = new List<JsonNode?> { target };
        if (behaviour.Window.Kind != RuleWindowKind.Lifetime || behaviour.Filter is not null)
        {
            args.Add(WindowText(behaviour.Window));
        }

        if (behaviour.Filter is not null)
        {
            args.Add(Write(behaviour.Filter));
        }

        var name = BehaviourFunctions.First(pair => pair.Value == behaviour.Function).Key;
        return Operation(name, [.. args]);
    }

    private static string WindowText(RuleWindow window) => window.Kind switch
    {
        RuleWindowKind.Lifetime => "lifetime",
        RuleWindowKind.Session => "session",
        _ when window.Length.TotalDays == Math.Floor(window.Length.TotalDays) => $"{window.Length.TotalDays.ToString(CultureInfo.InvariantCulture)}d",
        _ when window.Length.TotalHours == Math.Floor(window.Length.TotalHours) => $"{window.Length.TotalHours.ToString(CultureInfo.InvariantCulture)}h",
        _ => $"{window.Length.TotalMinutes.ToString(CultureInfo.InvariantCulture)}m",
    };

    private static JsonObject Operation(string name, params JsonNode?[] args) => new() { [name] = new JsonArray(args) };

    private static JsonNode? Scalar(RuleValue value) => value.Kind switch
    {
        RuleValueKind.Null => null,
        RuleValueKind.Bool => value.AsBool,
        RuleValueKind.Number => value.AsNumber,
        RuleValueKind.String => value.AsString,
        _ => throw new ArgumentException($"A {value.Kind} value has no literal form", nameof(value)),
    };

    private sealed class Reader
    {
        public RuleExpression Read(JsonNode? node, string path, bool eventScope, int depth)
        {
            if (depth > SegmentCatalog.MaxNestingDepth)
            {
                throw Error(path, $"the rule is nested more than {SegmentCatalog.MaxNestingDepth} levels deep");
            }

            switch (node)
            {
                case null:
                    return new LiteralExpression(RuleValue.Null);
                case JsonValue value:
                    return new LiteralExpression(ReadScalar(value, path));
                case JsonArray array:
                    if (array.Count > SegmentCatalog.MaxListItems)
                    {
                        throw Error(path, $"a list may hold at most {SegmentCatalog.MaxListItems} items");
                    }

                    return new ListExpression([.. array.Select((item, i) => item switch
                    {
                        null => RuleValue.Null,
                        JsonValue v => ReadScalar(v, $"{path}[{i}]"),
                        _ => throw Error($"{path}[{i}]", "list items must be strings, numbers, booleans or null"),
                    })]);
                case JsonObject { Count: 1 } operation:
                    var (name, operand) = operation.First();
                    var args = operand is JsonArray list ? list.ToArray() : [operand];
                    return ReadOperation(name, args, $"{path}.{name}", eventScope, depth + 1);
                default:
                    throw Error(path, "an operation must be an object with exactly one operator");
            }
        }

        private RuleExpression ReadOperation(string name, JsonNode?[] args, string path, bool eventScope, int depth)
        {
            RuleExpression Arg(int i) => Read(args[i], $"{path}[{i}]", eventScope, depth);

            if (name == "var")
            {
                if (args.Length != 1 || args[0] is not JsonValue v || !v.TryGetValue<string>(out var attribute) || attribute.Length == 0)
                {
                    throw Error(path, "var takes one non-empty name (defaults are not supported in segment rules)");
                }

                return eventScope ? new EventFieldExpression(attribute) : new AttributeExpression(attribute);
            }

            if (name is "and" or "or")
            {
                if (args.Length == 0)
                {
                    throw Error(path, $"{name} needs at least one operand");
                }

                return args.Length == 1
                    ? Arg(0)
                    : new LogicalExpression(name == "and" ? LogicalOperator.And : LogicalOperator.Or, [.. args.Select((_, i) => Arg(i))]);
            }

            if (name is "!" or "not")
            {
                Expect(args, 1, path);
                return new UnaryExpression(UnaryOperator.Not, Arg(0));
            }

            if (name == "-" && args.Length == 1)
            {
                return new UnaryExpression(UnaryOperator.Negate, Arg(0));
            }

            if (name == "<=" && args.Length == 3)
            {
                return new BetweenExpression(Arg(1), Arg(0), Arg(2));
            }

            if (BehaviourFunctions.TryGetValue(name, out var function) && !eventScope && args.Length > 0 && args[0] is JsonValue or JsonObject { Count: 2 })
            {
                return ReadBehaviour(function, args, path, depth);
            }

            if (BinaryOperators.TryGetValue(name, out var binary))
            {
                Expect(args, 2, path);
                return new BinaryExpression(binary, Arg(0), Arg(1));
            }

            if (ForecastFunctions.IsForecast(name))
            {
                return ReadForecast(name, args, path, eventScope);
            }

            if (Functions.Contains(name))
            {
                return new FunctionExpression(name, [.. args.Select((_, i) => Arg(i))]);
            }

            throw Error(path, $"'{name}' is not an operator of segment rules");
        }

        private RuleExpression ReadBehaviour(BehaviourFunction function, JsonNode?[] args, string path, int depth)
        {
            if (args.Length > 3)
            {
                throw Error(path, "a behavioural function takes the event, an optional window and an optional filter");
            }

            var (eventType, field) = args[0] switch
            {
                JsonValue v when v.TryGetValue<string>(out var target) && target.Length > 0 => SplitTarget(function, target),
                JsonObject target when target["event"] is JsonValue e && e.TryGetValue<string>(out var type) && target["field"] is JsonValue f && f.TryGetValue<string>(out var name) => (type, name),
                _ => throw Error($"{path}[0]", "the event must be a string such as \"purchase\" or \"purchase.value\", or {\"event\":..,\"field\":..}"),
            };
            var window = args.Length > 1 ? ReadWindow(args[1], $"{path}[1]") : RuleWindow.Lifetime;
            var filter = args.Length > 2 ? Read(args[2], $"{path}[2]", eventScope: true, depth) : null;
            return new BehaviourExpression(function, eventType, field, filter, window);
        }

        /// <summary><c>{"predicted_purchases":["90d"]}</c>, <c>{"predicted_clv":["365d"]}</c>, <c>{"p_alive":[]}</c>.</summary>
        private static FunctionExpression ReadForecast(string name, JsonNode?[] args, string path, bool eventScope)
        {
            if (eventScope)
            {
                throw Error(path, $"{name} reads the customer, not an event: it cannot be used in a filter");
            }

            if (!ForecastFunctions.TakesHorizon(name))
            {
                Expect(args, 0, path);
                return ForecastFunctions.Call(name, TimeSpan.Zero);
            }

            Expect(args, 1, path);
            var horizon = ReadWindow(args[0], $"{path}[0]");
            if (horizon.Kind != RuleWindowKind.Duration)
            {
                throw Error($"{path}[0]", $"{name} takes a horizon such as \"90d\", not lifetime or session");
            }

            return ForecastFunctions.Call(name, horizon.Length);
        }

        private static (string EventType, string? Field) SplitTarget(BehaviourFunction function, string target)
        {
            if (function is BehaviourFunction.Count or BehaviourFunction.DaysSince or BehaviourFunction.MinutesSince)
            {
                return (target, null);
            }

            var dot = target.IndexOf('.');
            return dot > 0 && dot < target.Length - 1 ? (target[..dot], target[(dot + 1)..]) : (target, null);
        }

        private static RuleWindow ReadWindow(JsonNode? node, string path)
        {
            if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
            {
                throw Error(path, "a window is a string: lifetime, session, or a number with m, h or d (\"30d\")");
            }

            if (text is "lifetime")
            {
                return RuleWindow.Lifetime;
            }

            if (text is "session")
            {
                return RuleWindow.Session;
            }

            var unit = text.Length > 1 ? text[^1] : ' ';
            if (unit is not ('m' or 'h' or 'd') || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount < 1)
            {
                throw Error(path, $"'{text}' is not a window: use lifetime, session, or a whole number with m, h or d (\"30d\")");
            }

            var length = unit switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            if (length > SegmentCatalog.MaxWindow)
            {
                throw Error(path, $"a window may be at most {SegmentCatalog.MaxWindow.TotalDays} days");
            }

            return RuleWindow.Last(length);
        }

        private static RuleValue ReadScalar(JsonValue value, string path) => value.GetValueKind() switch
        {
            JsonValueKind.String => RuleValue.FromString(value.GetValue<string>()),
            JsonValueKind.Number => RuleValue.FromNumber(value.GetValue<double>()),
            JsonValueKind.True => RuleValue.FromBool(true),
            JsonValueKind.False => RuleValue.FromBool(false),
            JsonValueKind.Null => RuleValue.Null,
            _ => throw Error(path, "not a literal"),
        };

        private static void Expect(JsonNode?[] args, int count, string path)
        {
            if (args.Length != count)
            {
                throw Error(path, $"takes {count} operand{(count == 1 ? "" : "s")}, not {args.Length}");
            }
        }

        private static JsonLogicException Error(string path, string reason) => new($"{path}: {reason}");
    }
}
