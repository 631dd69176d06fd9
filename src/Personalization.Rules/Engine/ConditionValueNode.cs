namespace Personalization.Rules.Engine;

internal sealed class ConditionValueNode : ValueNode
{
    private readonly Condition condition;

    public ConditionValueNode(Condition condition)
    {
        this.condition = condition;
        TimeDependent = condition.TimeDependent;
    }

    public override RuleValue Evaluate(ref Evaluation e) => RuleValue.FromBool(condition.Test(ref e));

    public override long NextChange(ref Evaluation e) => condition.NextChange(ref e);
}
