namespace Personalization.Rules.Syntax;

/// <summary>
/// A parsed rule. Equality is structural (lists compare element by element), so printing and re-parsing a rule gives an equal tree.
/// <see cref="ToString"/> prints the canonical rule text.
/// </summary>
public abstract record RuleExpression
{
    public sealed override string ToString() => RulePrinter.Print(this);
}
