namespace Personalization.Rules.Engine;

internal sealed class EventFieldNode(string name) : ValueNode
{
    public override RuleValue Evaluate(ref Evaluation e) => Filters.ReadField(name, e.EventValue, e.EventProperties);
}
