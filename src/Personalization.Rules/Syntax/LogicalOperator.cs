namespace Personalization.Rules.Syntax;

public enum LogicalOperator
{
    And,
    Or,
}
