namespace Personalization.Rules.Engine;

/// <summary>A compiled value-producing sub-rule; immutable and shared.</summary>
internal abstract class ValueNode
{
    public bool TimeDependent { get; protected init; }

    public abstract RuleValue Evaluate(ref Evaluation e);

    public virtual long NextChange(ref Evaluation e) => long.MaxValue;
}
