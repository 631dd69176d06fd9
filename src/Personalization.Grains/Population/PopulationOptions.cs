namespace Personalization.Population;

/// <summary>Population percentiles' settings on a silo (<c>Population</c> in the host's configuration).</summary>
public sealed class PopulationOptions
{
    public const string SectionName = "Population";

    /// <summary>
    /// How often each silo sketches its active customers' values, reports them and reads back the cluster's merge; a
    /// percentile is as old as this, at most about twice this across silos.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}
