namespace Personalization.Rules.Engine;

/// <summary>A compiled boolean sub-rule. Instances are immutable and shared by every customer and thread.</summary>
internal abstract class Condition
{
    /// <summary>Whether the result can change with time alone, with no new event or profile change.</summary>
    public bool TimeDependent { get; protected init; }

    public abstract bool Test(ref Evaluation e);

    /// <summary>
    /// The earliest instant (UTC ticks) after now at which <see cref="Test"/> could answer differently with no new event
    /// or profile change; <see cref="long.MaxValue"/> when never. May be early (a conservative bound), never late.
    /// </summary>
    public virtual long NextChange(ref Evaluation e) => long.MaxValue;
}
