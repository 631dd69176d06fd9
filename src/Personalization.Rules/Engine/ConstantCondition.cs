namespace Personalization.Rules.Engine;

internal sealed class ConstantCondition(bool value) : Condition
{
    public override bool Test(ref Evaluation e) => value;
}
