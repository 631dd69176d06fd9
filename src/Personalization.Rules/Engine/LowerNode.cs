namespace Personalization.Rules.Engine;

internal sealed class LowerNode : ValueNode
{
    private readonly ValueNode operand;

    public LowerNode(ValueNode operand)
    {
        this.operand = operand;
        TimeDependent = operand.TimeDependent;
    }

    public override RuleValue Evaluate(ref Evaluation e)
    {
        var v = operand.Evaluate(ref e);
        return v.Kind == RuleValueKind.String ? RuleValue.FoldedString(v.RawString) : RuleValue.Null;
    }

    public override long NextChange(ref Evaluation e) => operand.NextChange(ref e);
}
