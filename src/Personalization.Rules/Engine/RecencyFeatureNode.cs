using Personalization.Rules.Syntax;

namespace Personalization.Rules.Engine;

/// <summary><c>days_since</c> or <c>minutes_since</c>: its cached value stays valid exactly until the next whole unit.</summary>
internal sealed class RecencyFeatureNode(Feature feature) : FeatureNode(feature), IStepValue
{
    public bool TryStep(ref Evaluation e, out long value, out long nextStepTicks, out long unitTicks)
    {
        var v = e.Cache!.Feature(Feature, ref e, out nextStepTicks);
        unitTicks = Feature.Function == BehaviourFunction.DaysSince ? TimeSpan.TicksPerDay : TimeSpan.TicksPerMinute;
        value = v.IsNumber ? (long)v.RawNumber : 0;
        return v.IsNumber;
    }
}
