namespace Personalization.Rules.Engine;

internal sealed class AttributeNode(int slot, string name) : ValueNode
{
    public override RuleValue Evaluate(ref Evaluation e) => e.Cache!.Attribute(slot, name, e.Facts!);
}
