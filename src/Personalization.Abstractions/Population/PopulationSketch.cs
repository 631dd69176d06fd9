namespace Personalization.Population;

/// <summary>
/// A <c>KllSketch</c> (rules library) as it crosses the wire: its levels, an item at level h standing for 2^h values,
/// the number of values and the compactions' variance term of its error bound.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PopulationSketch(
    [property: Id(0)] int K,
    [property: Id(1)] int Seed,
    [property: Id(2)] long Count,
    [property: Id(3)] double CompactionVariance,
    [property: Id(4)] double[][] Levels);
