namespace Personalization.Rules.Syntax;

/// <summary>Parses rule text into its tree and prints a tree back to text; <c>RuleText.Parse(RuleText.Print(e))</c> equals <c>e</c>.</summary>
public static class RuleText
{
    /// <exception cref="RuleSyntaxException">The text is not a valid rule.</exception>
    public static RuleExpression Parse(string rule) => Parser.Parse(rule).Expression;

    public static string Print(RuleExpression expression) => RulePrinter.Print(expression);
}
