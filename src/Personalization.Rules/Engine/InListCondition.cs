using Personalization.Rules.Syntax;

namespace Personalization.Rules.Engine;

/// <summary><c>x in [literals]</c>, or negated <c>not in</c>; a null <c>x</c> is in neither.</summary>
internal sealed class InListCondition : Condition
{
    private readonly ValueNode value;
    private readonly RuleValue[] items;
    private readonly HashSet<string> strings;
    private readonly HashSet<double> numbers;
    private readonly bool negate;

    public InListCondition(ValueNode value, IEnumerable<RuleValue> items, bool negate)
    {
        this.value = value;
        this.items = items.Where(i => !i.IsNull).ToArray();
        strings = new HashSet<string>(this.items.Where(i => i.Kind == RuleValueKind.String).Select(i => i.AsString), StringComparer.Ordinal);
        numbers = [.. this.items.Where(i => i.Kind == RuleValueKind.Number).Select(i => i.AsNumber)];
        this.negate = negate;
        TimeDependent = value.TimeDependent;
    }

    public override bool Test(ref Evaluation e)
    {
        var v = value.Evaluate(ref e);
        return !v.IsNull && Contains(v) != negate;
    }

    public override long NextChange(ref Evaluation e) => value.NextChange(ref e);

    private bool Contains(in RuleValue v)
    {
        switch (v.Kind)
        {
            case RuleValueKind.String when !v.CaseFolded:
                return strings.Contains(v.RawString);
            case RuleValueKind.Number:
                return numbers.Contains(v.RawNumber);
            case RuleValueKind.StringList:
                // A list attribute is "in" the literal list when the two share an element.
                foreach (var element in v.RawStrings)
                {
                    if (strings.Contains(element))
                    {
                        return true;
                    }
                }

                return false;
            default:
                foreach (var item in items)
                {
                    if (Comparison.Compare(v, BinaryOperator.Equal, item))
                    {
                        return true;
                    }
                }

                return false;
        }
    }
}
