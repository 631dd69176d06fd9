namespace Personalization.Rules.Engine;

/// <summary>What a compiled rule reads, including through the segments it references; decides when it must be re-evaluated.</summary>
internal sealed class RuleDependencies
{
    public HashSet<int> EventTypes { get; } = [];

    /// <summary>The result can change with time alone (windows, sessions, recency, ages).</summary>
    public bool Time { get; set; }

    /// <summary>An event of any type can change the result (sessions, days_since_first_seen).</summary>
    public bool AnyEvent { get; set; }

    /// <summary>The result reads the population's distributions (<c>percentile</c>), so a refresh can change it.</summary>
    public bool Population { get; set; }

    public void Include(RuleDependencies other)
    {
        Population |= other.Population;
        EventTypes.UnionWith(other.EventTypes);
        Time |= other.Time;
        AnyEvent |= other.AnyEvent;
    }
}
