namespace Personalization.Rules.Engine;

internal sealed class NegateNode : ValueNode
{
    private readonly ValueNode operand;

    public NegateNode(ValueNode operand)
    {
        this.operand = operand;
        TimeDependent = operand.TimeDependent;
    }

    public override RuleValue Evaluate(ref Evaluation e)
    {
        var v = operand.Evaluate(ref e);
        return v.IsNumber ? RuleValue.NumberOrNull(-v.RawNumber) : RuleValue.Null;
    }

    public override long NextChange(ref Evaluation e) => operand.NextChange(ref e);
}
