using Personalization.Rules.Population;

namespace Personalization.Population;

/// <summary>Converts between the rules library's <see cref="KllSketch"/> and its wire form.</summary>
internal static class PopulationSketches
{
    public static PopulationSketch ToWire(KllSketch sketch) =>
        new(sketch.K, sketch.Seed, sketch.Count, sketch.CompactionVariance, [.. sketch.Levels.Select(level => level.ToArray())]);

    public static KllSketch FromWire(PopulationSketch sketch) =>
        KllSketch.FromLevels(sketch.K, sketch.Seed, sketch.Count, sketch.CompactionVariance, sketch.Levels);
}
