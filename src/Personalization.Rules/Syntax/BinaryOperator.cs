namespace Personalization.Rules.Syntax;

public enum BinaryOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    In,
    NotIn,
    Contains,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}
