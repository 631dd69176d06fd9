using System.Collections.Immutable;

namespace Personalization.Population;

/// <summary>
/// One silo's sketches of its active customers' values, by the canonical text of each expression a rule ranks with
/// <c>percentile</c>. A report stands until the same silo's next one, or for <see cref="Lifetime"/> when none comes.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PopulationReport(
    [property: Id(0)] string Silo,
    [property: Id(1)] TimeSpan Lifetime,
    [property: Id(2)] ImmutableDictionary<string, PopulationSketch> Sketches);
