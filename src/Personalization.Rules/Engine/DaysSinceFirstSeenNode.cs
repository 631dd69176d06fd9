namespace Personalization.Rules.Engine;

internal sealed class DaysSinceFirstSeenNode : ValueNode, IStepValue
{
    public DaysSinceFirstSeenNode() => TimeDependent = true;

    public override RuleValue Evaluate(ref Evaluation e)
    {
        if (!TryStep(ref e, out var days, out var next, out _))
        {
            return RuleValue.Null;
        }

        e.ValidUntil = Time.Earliest(e.ValidUntil, next);
        return RuleValue.FromNumber(days);
    }

    public override long NextChange(ref Evaluation e) => TryStep(ref e, out _, out var next, out _) ? next : long.MaxValue;

    public bool TryStep(ref Evaluation e, out long value, out long nextStepTicks, out long unitTicks)
    {
        unitTicks = TimeSpan.TicksPerDay;
        if (e.Facts!.FirstSeen is not { } first)
        {
            value = 0;
            nextStepTicks = long.MaxValue;
            return false;
        }

        value = Time.UnitsSince(first.UtcTicks, e.NowTicks, unitTicks, out nextStepTicks);
        return true;
    }
}
