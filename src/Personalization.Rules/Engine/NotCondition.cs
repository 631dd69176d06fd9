namespace Personalization.Rules.Engine;

internal sealed class NotCondition : Condition
{
    private readonly Condition operand;

    public NotCondition(Condition operand)
    {
        this.operand = operand;
        TimeDependent = operand.TimeDependent;
    }

    public override bool Test(ref Evaluation e) => !operand.Test(ref e);

    public override long NextChange(ref Evaluation e) => operand.NextChange(ref e);
}
