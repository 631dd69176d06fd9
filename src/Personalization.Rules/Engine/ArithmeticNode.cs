using Personalization.Rules.Syntax;

namespace Personalization.Rules.Engine;

/// <summary><c>+ - * / %</c> on numbers; anything else, division by zero or overflow gives null.</summary>
internal sealed class ArithmeticNode : ValueNode
{
    private readonly BinaryOperator op;
    private readonly ValueNode left;
    private readonly ValueNode right;

    public ArithmeticNode(BinaryOperator op, ValueNode left, ValueNode right)
    {
        this.op = op;
        this.left = left;
        this.right = right;
        TimeDependent = left.TimeDependent || right.TimeDependent;
    }

    public override RuleValue Evaluate(ref Evaluation e)
    {
        var l = left.Evaluate(ref e);
        if (!l.IsNumber)
        {
            return RuleValue.Null;
        }

        var r = right.Evaluate(ref e);
        if (!r.IsNumber)
        {
            return RuleValue.Null;
        }

        var a = l.RawNumber;
        var b = r.RawNumber;
        return op switch
        {
            BinaryOperator.Add => RuleValue.NumberOrNull(a + b),
            BinaryOperator.Subtract => RuleValue.NumberOrNull(a - b),
            BinaryOperator.Multiply => RuleValue.NumberOrNull(a * b),
            BinaryOperator.Divide => b == 0 ? RuleValue.Null : RuleValue.NumberOrNull(a / b),
            _ => b == 0 ? RuleValue.Null : RuleValue.NumberOrNull(a % b),
        };
    }

    public override long NextChange(ref Evaluation e) => Time.Earliest(left.NextChange(ref e), right.NextChange(ref e));
}
