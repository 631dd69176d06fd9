namespace Personalization.Rules.Engine;

/// <summary><c>x == null</c> or, negated, <c>x != null</c>.</summary>
internal sealed class NullTestCondition : Condition
{
    private readonly ValueNode value;
    private readonly bool wantNull;

    public NullTestCondition(ValueNode value, bool wantNull)
    {
        this.value = value;
        this.wantNull = wantNull;
        TimeDependent = value.TimeDependent;
    }

    public override bool Test(ref Evaluation e) => value.Evaluate(ref e).IsNull == wantNull;

    public override long NextChange(ref Evaluation e) => value.NextChange(ref e);
}
