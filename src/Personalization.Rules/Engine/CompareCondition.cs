using Personalization.Rules.Syntax;

namespace Personalization.Rules.Engine;

internal sealed class CompareCondition : Condition
{
    private readonly ValueNode left;
    private readonly BinaryOperator op;
    private readonly ValueNode right;

    public CompareCondition(ValueNode left, BinaryOperator op, ValueNode right)
    {
        this.left = left;
        this.op = op;
        this.right = right;
        TimeDependent = left.TimeDependent || right.TimeDependent;
    }

    public override bool Test(ref Evaluation e)
    {
        var l = left.Evaluate(ref e);
        var r = right.Evaluate(ref e);
        return Comparison.Compare(l, op, r);
    }

    public override long NextChange(ref Evaluation e) => Time.Earliest(left.NextChange(ref e), right.NextChange(ref e));
}
