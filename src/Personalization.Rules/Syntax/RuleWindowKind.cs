namespace Personalization.Rules.Syntax;

public enum RuleWindowKind
{
    Lifetime,
    Duration,
    Session,
}
