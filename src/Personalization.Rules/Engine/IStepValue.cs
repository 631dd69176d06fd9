namespace Personalization.Rules.Engine;

/// <summary>A value that is a whole number of time units since an instant, so its threshold crossings can be computed.</summary>
internal interface IStepValue
{
    /// <summary>False when there is no such instant (null value); otherwise the value, when it next grows by one, and the unit.</summary>
    bool TryStep(ref Evaluation e, out long value, out long nextStepTicks, out long unitTicks);
}
