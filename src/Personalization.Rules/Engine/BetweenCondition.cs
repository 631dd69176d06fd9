using Personalization.Rules.Syntax;

namespace Personalization.Rules.Engine;

internal sealed class BetweenCondition : Condition
{
    private readonly ValueNode value;
    private readonly ValueNode low;
    private readonly ValueNode high;

    public BetweenCondition(ValueNode value, ValueNode low, ValueNode high)
    {
        this.value = value;
        this.low = low;
        this.high = high;
        TimeDependent = value.TimeDependent || low.TimeDependent || high.TimeDependent;
    }

    public override bool Test(ref Evaluation e)
    {
        var v = value.Evaluate(ref e);
        if (v.IsNull || !Comparison.Compare(v, BinaryOperator.GreaterOrEqual, low.Evaluate(ref e)))
        {
            return false;
        }

        return Comparison.Compare(v, BinaryOperator.LessOrEqual, high.Evaluate(ref e));
    }

    public override long NextChange(ref Evaluation e) =>
        Time.Earliest(value.NextChange(ref e), Time.Earliest(low.NextChange(ref e), high.NextChange(ref e)));
}
