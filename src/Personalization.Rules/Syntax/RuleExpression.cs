using System.Collections.Immutable;

namespace Personalization.Rules.Syntax;

/// <summary>
/// A parsed rule. Equality is structural (lists compare element by element), so printing and re-parsing a rule gives an equal tree.
/// <see cref="ToString"/> prints the canonical rule text.
/// </summary>
public abstract record RuleExpression
{
    public sealed override string ToString() => RulePrinter.Print(this);
}

/// <summary>A null, bool, number or string literal. Date literals are strings; they are read as dates when compared with a date.</summary>
public sealed record LiteralExpression(RuleValue Value) : RuleExpression;

/// <summary><c>[...]</c>: literals only, at most <see cref="SegmentCatalog.MaxListItems"/>.</summary>
public sealed record ListExpression(ImmutableArray<RuleValue> Items) : RuleExpression
{
    public bool Equals(ListExpression? other) => other is not null && Items.AsSpan().SequenceEqual(other.Items.AsSpan());

    public override int GetHashCode() => Hashing.Of(Items);
}

/// <summary>A profile attribute, by its exact (case-sensitive) name.</summary>
public sealed record AttributeExpression(string Name) : RuleExpression;

/// <summary>Inside a <c>where</c> filter: a property of the event, or the event's value when <see cref="Name"/> is <c>value</c>.</summary>
public sealed record EventFieldExpression(string Name) : RuleExpression;

public enum UnaryOperator
{
    Not,
    Negate,
}

public sealed record UnaryExpression(UnaryOperator Operator, RuleExpression Operand) : RuleExpression;

public enum BinaryOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    In,
    NotIn,
    Contains,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}

public sealed record BinaryExpression(BinaryOperator Operator, RuleExpression Left, RuleExpression Right) : RuleExpression;

public enum LogicalOperator
{
    And,
    Or,
}

/// <summary>A chain of <c>and</c> (or of <c>or</c>) with at least two operands, kept flat so long chains do not nest.</summary>
public sealed record LogicalExpression(LogicalOperator Operator, ImmutableArray<RuleExpression> Operands) : RuleExpression
{
    public bool Equals(LogicalExpression? other) =>
        other is not null && Operator == other.Operator && Operands.AsSpan().SequenceEqual(other.Operands.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Operator, Hashing.Of(Operands));
}

/// <summary><c>value between low and high</c>, both ends inclusive.</summary>
public sealed record BetweenExpression(RuleExpression Value, RuleExpression Low, RuleExpression High) : RuleExpression;

/// <summary>
/// A call of a non-behavioural function: <c>starts_with</c>, <c>ends_with</c>, <c>lower</c>, <c>age_in_years</c>,
/// <c>in_segment</c> (one string literal) or <c>days_since_first_seen</c> (no arguments).
/// </summary>
public sealed record FunctionExpression(string Name, ImmutableArray<RuleExpression> Arguments) : RuleExpression
{
    public bool Equals(FunctionExpression? other) =>
        other is not null && Name == other.Name && Arguments.AsSpan().SequenceEqual(other.Arguments.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Name, Hashing.Of(Arguments));
}

public enum BehaviourFunction
{
    Count,
    Sum,
    Avg,
    Min,
    Max,
    Distinct,
    Last,
    DaysSince,
    MinutesSince,
}

public enum RuleWindowKind
{
    Lifetime,
    Duration,
    Session,
}

/// <summary>Which events a behavioural function reads: all, those in the last <see cref="Length"/>, or the current session.</summary>
public readonly record struct RuleWindow(RuleWindowKind Kind, TimeSpan Length)
{
    public static RuleWindow Lifetime => default;

    public static RuleWindow Session => new(RuleWindowKind.Session, TimeSpan.Zero);

    public static RuleWindow Last(TimeSpan length) => new(RuleWindowKind.Duration, length);
}

/// <summary>
/// <c>function(eventType[.field] [where filter] [, window])</c>. <see cref="Field"/> is <c>value</c> for the event's value,
/// another name for a property, or null (count, days_since, minutes_since). <see cref="Filter"/> reads the event through
/// <see cref="EventFieldExpression"/>.
/// </summary>
public sealed record BehaviourExpression(BehaviourFunction Function, string EventType, string? Field, RuleExpression? Filter, RuleWindow Window) : RuleExpression;

internal static class Hashing
{
    public static int Of<T>(ImmutableArray<T> items)
    {
        var hash = new HashCode();
        foreach (var item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }
}
