namespace Personalization.Rules.Syntax;

public enum UnaryOperator
{
    Not,
    Negate,
}
