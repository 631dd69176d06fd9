using Personalization.Rules.Syntax;

namespace Personalization.Rules.Engine;

/// <summary>
/// A recency value (<c>days_since</c>, <c>minutes_since</c>, <c>days_since_first_seen</c>) compared with a number: the value
/// grows by one per unit, so the instant the answer flips is computed exactly instead of waking every unit.
/// </summary>
internal sealed class StepThresholdCondition(ValueNode left, BinaryOperator op, double threshold)
    : CompareConstantCondition(left, op, RuleValue.FromNumber(threshold))
{
    /// <summary>
    /// The answer holds until it flips, not only until the value's next step; otherwise a customer would be woken every
    /// minute by <c>minutes_since(view) &lt; 60</c>. Until an event arrives the value only steps up by one per unit.
    /// </summary>
    public override bool Test(ref Evaluation e)
    {
        var outer = e.ValidUntil;
        var holds = base.Test(ref e);
        e.ValidUntil = Time.Earliest(outer, NextChange(ref e));
        return holds;
    }

    public override long NextChange(ref Evaluation e)
    {
        if (!((IStepValue)Left).TryStep(ref e, out var value, out var nextStepTicks, out var unitTicks))
        {
            return long.MaxValue;
        }

        // Over whole numbers the answer can only flip where the value reaches ceil(threshold) or floor(threshold) + 1,
        // and ceil(threshold) <= floor(threshold) + 1 always, so trying them in this order finds the earliest flip.
        var current = Holds(value);
        var first = Math.Ceiling(threshold);
        var second = Math.Floor(threshold) + 1;
        ReadOnlySpan<double> candidates = [first, second];
        foreach (var candidate in candidates)
        {
            if (candidate > value && Holds(candidate) != current)
            {
                var stepsAfterNext = candidate - value - 1;
                return stepsAfterNext >= (double)(long.MaxValue - nextStepTicks) / unitTicks
                    ? long.MaxValue
                    : nextStepTicks + (long)stepsAfterNext * unitTicks;
            }
        }

        return long.MaxValue;
    }

    private bool Holds(double value) => Comparison.Ordered(value.CompareTo(threshold), Operator);
}
