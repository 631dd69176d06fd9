namespace Personalization.Rules.Engine;

internal sealed class ConstantNode(RuleValue value) : ValueNode
{
    public RuleValue Value { get; } = value;

    public override RuleValue Evaluate(ref Evaluation e) => Value;
}
