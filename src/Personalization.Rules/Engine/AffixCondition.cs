namespace Personalization.Rules.Engine;

/// <summary><c>starts_with(text, prefix)</c> or <c>ends_with(text, suffix)</c>; false unless both are strings.</summary>
internal sealed class AffixCondition : Condition
{
    private readonly ValueNode text;
    private readonly ValueNode affix;
    private readonly bool atEnd;

    public AffixCondition(ValueNode text, ValueNode affix, bool atEnd)
    {
        this.text = text;
        this.affix = affix;
        this.atEnd = atEnd;
        TimeDependent = text.TimeDependent || affix.TimeDependent;
    }

    public override bool Test(ref Evaluation e)
    {
        var t = text.Evaluate(ref e);
        var a = affix.Evaluate(ref e);
        if (t.Kind != RuleValueKind.String || a.Kind != RuleValueKind.String)
        {
            return false;
        }

        return atEnd ? Strings.EndsWith(t, a) : Strings.StartsWith(t, a);
    }

    public override long NextChange(ref Evaluation e) => Time.Earliest(text.NextChange(ref e), affix.NextChange(ref e));
}
