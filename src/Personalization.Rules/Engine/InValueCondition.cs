namespace Personalization.Rules.Engine;

/// <summary><c>x in listValue</c> where the list is not a literal, e.g. <c>"golf" in interests</c>.</summary>
internal sealed class InValueCondition : Condition
{
    private readonly ValueNode value;
    private readonly ValueNode list;
    private readonly bool negate;

    public InValueCondition(ValueNode value, ValueNode list, bool negate)
    {
        this.value = value;
        this.list = list;
        this.negate = negate;
        TimeDependent = value.TimeDependent || list.TimeDependent;
    }

    public override bool Test(ref Evaluation e)
    {
        var v = value.Evaluate(ref e);
        var l = list.Evaluate(ref e);
        if (v.IsNull || l.Kind != RuleValueKind.StringList)
        {
            return false;
        }

        bool found;
        if (v.Kind == RuleValueKind.StringList)
        {
            found = false;
            foreach (var element in v.RawStrings)
            {
                found |= Comparison.ListHas(l, RuleValue.FromString(element));
            }
        }
        else
        {
            found = Comparison.ListHas(l, v);
        }

        return found != negate;
    }

    public override long NextChange(ref Evaluation e) => Time.Earliest(value.NextChange(ref e), list.NextChange(ref e));
}
