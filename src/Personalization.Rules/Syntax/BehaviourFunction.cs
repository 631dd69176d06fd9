namespace Personalization.Rules.Syntax;

public enum BehaviourFunction
{
    Count,
    Sum,
    Avg,
    Min,
    Max,
    Distinct,
    Last,
    DaysSince,
    MinutesSince,
}
