using System.Collections.Immutable;
using Personalization.Rules.Population;

namespace Personalization.Population;

/// <summary>
/// The cluster's population: the latest report of each silo, merged per expression on every report. Merging is
/// deterministic (a fixed seed, silos in name order), and report lifetimes are in real time, not the engine clock's, so silos that report the same reports get the same distribution.
/// </summary>
internal sealed class PopulationGrain : Grain, IPopulationGrain
{
    private const int MergeSeed = 21;

    private readonly SortedDictionary<string, (PopulationReport Report, DateTimeOffset ExpiresAt)> reports = new(StringComparer.Ordinal);

    public Task<ImmutableDictionary<string, PopulationSketch>> ReportAsync(PopulationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var now = TimeProvider.System.GetUtcNow();
        reports[report.Silo] = (report, now + report.Lifetime);
        foreach (var silo in reports.Where(pair => pair.Value.ExpiresAt <= now).Select(pair => pair.Key).ToList())
        {
            reports.Remove(silo);
        }

        var merged = new Dictionary<string, KllSketch>(StringComparer.Ordinal);
        foreach (var (standing, _) in reports.Values)
        {
            foreach (var (expression, sketch) in standing.Sketches)
            {
                if (!merged.TryGetValue(expression, out var whole))
                {
                    merged.Add(expression, whole = new KllSketch(sketch.K, MergeSeed));
                }

                whole.Merge(PopulationSketches.FromWire(sketch));
            }
        }

        return Task.FromResult(merged.ToImmutableDictionary(pair => pair.Key, pair => PopulationSketches.ToWire(pair.Value), StringComparer.Ordinal));
    }
}
