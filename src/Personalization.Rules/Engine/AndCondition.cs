namespace Personalization.Rules.Engine;

internal sealed class AndCondition : Condition
{
    private readonly Condition[] operands;

    public AndCondition(Condition[] operands)
    {
        this.operands = operands;
        TimeDependent = operands.Any(o => o.TimeDependent);
    }

    public override bool Test(ref Evaluation e)
    {
        foreach (var operand in operands)
        {
            if (!operand.Test(ref e))
            {
                return false;
            }
        }

        return true;
    }

    public override long NextChange(ref Evaluation e)
    {
        // A false operand that time cannot change keeps the whole chain false.
        foreach (var operand in operands)
        {
            if (!operand.TimeDependent && !operand.Test(ref e))
            {
                return long.MaxValue;
            }
        }

        var next = long.MaxValue;
        foreach (var operand in operands)
        {
            if (operand.TimeDependent)
            {
                next = Time.Earliest(next, operand.NextChange(ref e));
            }
        }

        return next;
    }
}
