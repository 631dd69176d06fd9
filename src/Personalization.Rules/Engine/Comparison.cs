using Personalization.Rules.Syntax;

namespace Personalization.Rules.Engine;

/// <summary>
/// The value semantics of rules. Any comparison with a null operand is false (only the literal forms <c>== null</c> and
/// <c>!= null</c> test for null, and they compile to their own node). Values of different kinds are unequal and unordered,
/// except that a string is read as a date when compared with a date.
/// </summary>
internal static class Comparison
{
    public static bool Compare(in RuleValue left, BinaryOperator op, in RuleValue right)
    {
        if (left.IsNumber && right.IsNumber)
        {
            return Ordered(left.RawNumber.CompareTo(right.RawNumber), op);
        }

        if (left.IsNull || right.IsNull)
        {
            return false;
        }

        switch (left.Kind)
        {
            case RuleValueKind.String when right.Kind == RuleValueKind.String:
                return Ordered(Strings.Compare(left, right), op);
            case RuleValueKind.Date when right.Kind == RuleValueKind.Date:
                return Ordered(left.UtcTicks.CompareTo(right.UtcTicks), op);
            case RuleValueKind.Date when right.Kind == RuleValueKind.String:
                return RuleValue.TryParseDate(right.RawString, out var rightDate)
                    ? Ordered(left.UtcTicks.CompareTo(rightDate.UtcTicks), op)
                    : op == BinaryOperator.NotEqual;
            case RuleValueKind.String when right.Kind == RuleValueKind.Date:
                return RuleValue.TryParseDate(left.RawString, out var leftDate)
                    ? Ordered(leftDate.UtcTicks.CompareTo(right.UtcTicks), op)
                    : op == BinaryOperator.NotEqual;
            case RuleValueKind.Bool when right.Kind == RuleValueKind.Bool:
            case RuleValueKind.StringList when right.Kind == RuleValueKind.StringList:
                return op switch
                {
                    BinaryOperator.Equal => left.Equals(right),
                    BinaryOperator.NotEqual => !left.Equals(right),
                    _ => false,
                };
            default:
                return op == BinaryOperator.NotEqual;
        }
    }

    public static bool Ordered(int comparison, BinaryOperator op) => op switch
    {
        BinaryOperator.Equal => comparison == 0,
        BinaryOperator.NotEqual => comparison != 0,
        BinaryOperator.Less => comparison < 0,
        BinaryOperator.LessOrEqual => comparison <= 0,
        BinaryOperator.Greater => comparison > 0,
        _ => comparison >= 0,
    };

    /// <summary>The operator that gives the same answer with the operands swapped: <c>1 &lt; x</c> is <c>x &gt; 1</c>.</summary>
    public static BinaryOperator Mirror(BinaryOperator op) => op switch
    {
        BinaryOperator.Less => BinaryOperator.Greater,
        BinaryOperator.LessOrEqual => BinaryOperator.GreaterOrEqual,
        BinaryOperator.Greater => BinaryOperator.Less,
        BinaryOperator.GreaterOrEqual => BinaryOperator.LessOrEqual,
        _ => op,
    };

    /// <summary>Whether <paramref name="element"/> is one of the strings of a list value.</summary>
    public static bool ListHas(in RuleValue list, in RuleValue element)
    {
        if (element.Kind != RuleValueKind.String)
        {
            return false;
        }

        foreach (var item in list.RawStrings)
        {
            if (Strings.Equal(element, item))
            {
                return true;
            }
        }

        return false;
    }
}
