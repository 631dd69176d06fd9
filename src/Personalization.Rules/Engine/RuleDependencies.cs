namespace Personalization.Rules.Engine;

/// <summary>What a compiled rule reads, including through the segments it references; decides when it must be re-evaluated.</summary>
internal sealed class RuleDependencies
{
    public HashSet<int> EventTypes { get; } = [];

    /// <summary>The result can change with time alone (windows, sessions, recency, ages).</summary>
    public bool Time { get; set; }

    /// <summary>An event of any type can change the result (sessions, days_since_first_seen).</summary>
    public bool AnyEvent { get; set; }

    public void Include(RuleDependencies other)
    {
        EventTypes.UnionWith(other.EventTypes);
        Time |= other.Time;
        AnyEvent |= other.AnyEvent;
    }
}
