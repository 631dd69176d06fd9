using System.Collections.Immutable;

namespace Personalization.Population;

/// <summary>
/// Merges the silos' sketches of their active customers into the cluster's population, one sketch per expression. Kept
/// in memory only: every silo reports again each refresh interval, so a new activation is whole after one interval.
/// </summary>
public interface IPopulationGrain : IGrainWithIntegerKey
{
    /// <summary>Replaces the silo's last report and answers the merge of every silo's report still standing.</summary>
    Task<ImmutableDictionary<string, PopulationSketch>> ReportAsync(PopulationReport report);
}
