namespace Personalization.Rules;

public enum RuleValueKind
{
    Null,
    Bool,
    Number,
    String,
    StringList,
    Date,
}
