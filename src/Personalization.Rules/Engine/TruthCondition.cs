namespace Personalization.Rules.Engine;

/// <summary>A value in a condition's place: true only when it is the boolean true.</summary>
internal sealed class TruthCondition : Condition
{
    private readonly ValueNode value;

    public TruthCondition(ValueNode value)
    {
        this.value = value;
        TimeDependent = value.TimeDependent;
    }

    public override bool Test(ref Evaluation e)
    {
        var result = value.Evaluate(ref e);
        return result.Kind == RuleValueKind.Bool && result.AsBool;
    }

    public override long NextChange(ref Evaluation e) => value.NextChange(ref e);
}
