namespace Personalization.Rules.Engine;

/// <summary><c>list contains element</c> or <c>text contains part</c>.</summary>
internal sealed class ContainsCondition : Condition
{
    private readonly ValueNode container;
    private readonly ValueNode part;

    public ContainsCondition(ValueNode container, ValueNode part)
    {
        this.container = container;
        this.part = part;
        TimeDependent = container.TimeDependent || part.TimeDependent;
    }

    public override bool Test(ref Evaluation e)
    {
        var c = container.Evaluate(ref e);
        var p = part.Evaluate(ref e);
        return c.Kind switch
        {
            RuleValueKind.StringList => Comparison.ListHas(c, p),
            RuleValueKind.String when p.Kind == RuleValueKind.String => Strings.Contains(c, p),
            _ => false,
        };
    }

    public override long NextChange(ref Evaluation e) => Time.Earliest(container.NextChange(ref e), part.NextChange(ref e));
}
