using System.Globalization;
using System.Text;

namespace Personalization.Rules.Syntax;

/// <summary>Prints the canonical text of a rule: the least parentheses that keep the tree, one space around operators.</summary>
public static class RulePrinter
{
    private const int OrLevel = 1;
    private const int AndLevel = 2;
    private const int NotLevel = 3;
    private const int ComparisonLevel = 4;
    private const int AdditiveLevel = 5;
    private const int MultiplicativeLevel = 6;
    private const int UnaryLevel = 7;
    private const int PrimaryLevel = 8;

    public static string Print(RuleExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = new StringBuilder();
        Append(text, expression, OrLevel);
        return text.ToString();
    }

    internal static void AppendLiteral(StringBuilder text, RuleValue value)
    {
        switch (value.Kind)
        {
            case RuleValueKind.Null:
                text.Append("null");
                break;
            case RuleValueKind.Bool:
                text.Append(value.AsBool ? "true" : "false");
                break;
            case RuleValueKind.Number:
                text.Append(value.AsNumber.ToString("R", CultureInfo.InvariantCulture));
                break;
            case RuleValueKind.String:
                AppendString(text, value.AsString);
                break;
            case RuleValueKind.Date:
                AppendString(text, DateText.Format(value.AsDate));
                break;
            case RuleValueKind.StringList:
                text.Append('[');
                for (var i = 0; i < value.AsStrings.Count; i++)
                {
                    text.Append(i == 0 ? "" : ", ");
                    AppendString(text, value.AsStrings[i]);
                }

                text.Append(']');
                break;
        }
    }

    private static int Level(RuleExpression expression) => expression switch
    {
        LogicalExpression { Operator: LogicalOperator.Or } => OrLevel,
        LogicalExpression => AndLevel,
        UnaryExpression { Operator: UnaryOperator.Not } => NotLevel,
        UnaryExpression => UnaryLevel,
        BetweenExpression => ComparisonLevel,
        BinaryExpression { Operator: BinaryOperator.Add or BinaryOperator.Subtract } => AdditiveLevel,
        BinaryExpression { Operator: BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Modulo } => MultiplicativeLevel,
        BinaryExpression => ComparisonLevel,
        _ => PrimaryLevel,
    };

    private static void Append(StringBuilder text, RuleExpression expression, int minimumLevel)
    {
        var parenthesize = Level(expression) < minimumLevel;
        if (parenthesize)
        {
            text.Append('(');
        }

        switch (expression)
        {
            case LiteralExpression literal:
                AppendLiteral(text, literal.Value);
                break;
            case ListExpression list:
                text.Append('[');
                for (var i = 0; i < list.Items.Length; i++)
                {
                    text.Append(i == 0 ? "" : ", ");
                    AppendLiteral(text, list.Items[i]);
                }

                text.Append(']');
                break;
            case AttributeExpression attribute:
                AppendName(text, attribute.Name, allowDots: true);
                break;
            case EventFieldExpression field:
                AppendName(text, field.Name, allowDots: true);
                break;
            case UnaryExpression { Operator: UnaryOperator.Not } not:
                text.Append("not ");
                Append(text, not.Operand, NotLevel);
                break;
            case UnaryExpression negate:
                text.Append('-');

                // "-5" would read back as the literal -5 rather than the negation of 5.
                if (negate.Operand is LiteralExpression { Value.Kind: RuleValueKind.Number })
                {
                    text.Append('(');
                    Append(text, negate.Operand, OrLevel);
                    text.Append(')');
                }
                else
                {
                    Append(text, negate.Operand, UnaryLevel);
                }

                break;
            case BinaryExpression binary:
                var level = Level(binary);
                Append(text, binary.Left, level == ComparisonLevel ? AdditiveLevel : level);
                text.Append(' ').Append(Symbol(binary.Operator)).Append(' ');
                Append(text, binary.Right, level == ComparisonLevel ? AdditiveLevel : level + 1);
                break;
            case LogicalExpression logical:
                var operandLevel = logical.Operator == LogicalOperator.Or ? AndLevel : NotLevel;
                for (var i = 0; i < logical.Operands.Length; i++)
                {
                    text.Append(i == 0 ? "" : logical.Operator == LogicalOperator.Or ? " or " : " and ");
                    Append(text, logical.Operands[i], operandLevel);
                }

                break;
            case BetweenExpression between:
                Append(text, between.Value, AdditiveLevel);
                text.Append(" between ");
                Append(text, between.Low, AdditiveLevel);
                text.Append(" and ");
                Append(text, between.High, AdditiveLevel);
                break;
            case FunctionExpression { Name: "days_since_first_seen" }:
                text.Append("days_since_first_seen");
                break;
            case FunctionExpression forecast when ForecastFunctions.IsForecast(forecast.Name):
                text.Append(forecast.Name).Append('(')
                    .Append(ForecastFunctions.TakesHorizon(forecast.Name) ? ForecastFunctions.FormatHorizon(forecast) : "").Append(')');
                break;
            case FunctionExpression function:
                text.Append(function.Name).Append('(');
                for (var i = 0; i < function.Arguments.Length; i++)
                {
                    text.Append(i == 0 ? "" : ", ");
                    Append(text, function.Arguments[i], OrLevel);
                }

                text.Append(')');
                break;
            case BehaviourExpression behaviour:
                AppendBehaviour(text, behaviour);
                break;
            default:
                throw new ArgumentException($"Unknown expression type {expression.GetType().Name}.", nameof(expression));
        }

        if (parenthesize)
        {
            text.Append(')');
        }
    }

    private static void AppendBehaviour(StringBuilder text, BehaviourExpression behaviour)
    {
        text.Append(Parser.BehaviourFunctions[(int)behaviour.Function]).Append('(');
        AppendName(text, behaviour.EventType, allowDots: false);
        if (behaviour.Field is not null)
        {
            text.Append('.');
            AppendName(text, behaviour.Field, allowDots: false);
        }

        if (behaviour.Filter is not null)
        {
            text.Append(" where ");
            Append(text, behaviour.Filter, OrLevel);
        }

        if (behaviour.Window.Kind != RuleWindowKind.Lifetime)
        {
            text.Append(", ").Append(FormatWindow(behaviour.Window));
        }

        text.Append(')');
    }

    internal static string FormatWindow(RuleWindow window)
    {
        if (window.Kind == RuleWindowKind.Session)
        {
            return "session";
        }

        var ticks = window.Length.Ticks;
        return ticks % TimeSpan.TicksPerDay == 0 ? $"{ticks / TimeSpan.TicksPerDay}d"
            : ticks % TimeSpan.TicksPerHour == 0 ? $"{ticks / TimeSpan.TicksPerHour}h"
            : $"{ticks / TimeSpan.TicksPerMinute}m";
    }

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.In => "in",
        BinaryOperator.NotIn => "not in",
        BinaryOperator.Contains => "contains",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        _ => "%",
    };

    private static void AppendName(StringBuilder text, string name, bool allowDots)
    {
        if (IsPlainName(name, allowDots))
        {
            text.Append(name);
            return;
        }

        text.Append('`').Append(name.Replace("`", "``", StringComparison.Ordinal)).Append('`');
    }

    private static bool IsPlainName(string name, bool allowDots)
    {
        if (name == "days_since_first_seen")
        {
            return false;
        }

        var parts = allowDots ? name.Split('.') : [name];
        foreach (var part in parts)
        {
            if (part.Length == 0 || !Lexer.IsIdentifierStart(part[0]) || Lexer.Keywords.ContainsKey(part))
            {
                return false;
            }

            foreach (var c in part)
            {
                if (!Lexer.IsIdentifierPart(c))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static void AppendString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case < ' ':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }
}
