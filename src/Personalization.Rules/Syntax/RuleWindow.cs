namespace Personalization.Rules.Syntax;

/// <summary>Which events a behavioural function reads: all, those in the last <see cref="Length"/>, or the current session.</summary>
public readonly record struct RuleWindow(RuleWindowKind Kind, TimeSpan Length)
{
    public static RuleWindow Lifetime => default;

    public static RuleWindow Session => new(RuleWindowKind.Session, TimeSpan.Zero);

    public static RuleWindow Last(TimeSpan length) => new(RuleWindowKind.Duration, length);
}
