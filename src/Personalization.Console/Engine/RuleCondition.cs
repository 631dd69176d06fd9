using System.Globalization;

namespace Personalization.Console.Engine;

/// <summary>
/// One condition of the visual rule builder, written as rule text: a profile comparison (<c>country == "CZ"</c>), a
/// behaviour function over an optional window (<c>count(purchase, 30d) >= 2</c>, <c>sum(purchase.value, 7d) > 100</c>)
/// or membership of another segment (<c>in_segment("vip")</c>).
/// </summary>
public sealed class RuleCondition
{
    public static readonly string[] Operators = ["==", "!=", ">", ">=", "<", "<="];
    public static readonly string[] Functions = ["count", "sum", "avg", "min", "max", "days_since"];

    public ConditionKind Kind { get; set; } = ConditionKind.Profile;

    /// <summary>The profile attribute, the event type, or the segment id.</summary>
    public string Subject { get; set; } = "";

    public string Function { get; set; } = "count";

    /// <summary>The event field the value functions read; "value" is the event's value.</summary>
    public string Field { get; set; } = "value";

    /// <summary>A duration (30d, 12h, 15m), "session", or empty for the whole lifetime.</summary>
    public string Window { get; set; } = "";

    public string Operator { get; set; } = ">=";

    public string Value { get; set; } = "";

    public string ToRuleText() => Kind switch
    {
        ConditionKind.InSegment => $"in_segment({Quote(Subject)})",
        ConditionKind.Behaviour => $"{Function}({Subject}{(Function is "count" or "days_since" ? "" : "." + Field)}{(Window.Length == 0 || Function == "days_since" ? "" : ", " + Window)}) {Operator} {Literal(Value)}",
        _ => $"{Subject} {Operator} {Literal(Value)}",
    };

    /// <summary>Numbers, true, false and null as they are; anything else as a quoted string.</summary>
    private static string Literal(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || value is "true" or "false" or "null" ? value : Quote(value);

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>The conditions joined by <paramref name="combinator"/> ("and" or "or").</summary>
    public static string Join(IEnumerable<RuleCondition> conditions, string combinator) =>
        string.Join($" {combinator} ", conditions.Select(c => c.ToRuleText()));
}
