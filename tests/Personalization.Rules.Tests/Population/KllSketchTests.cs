using Personalization.Rules.Population;
using Personalization.Testing;
using Xunit.Abstractions;

namespace Personalization.Rules.Tests.Population;

public sealed class KllSketchTests(ITestOutputHelper output)
{
    private const int Million = 1_000_000;

    [Fact]
    public void Ranks_of_a_million_values_are_within_one_percentile_point_and_the_papers_bound()
    {
        var values = Values(Million, seed: 7);
        var sketch = new KllSketch(seed: 1);
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        var (worst, bound) = WorstErrorAgainstExact(sketch, values);

        output.WriteLine($"{sketch.RetainedItems} items retained; worst rank error {worst:F4} points; bound at δ = 1e-6 {bound:F4} points");
        Assert.Equal(Million, sketch.Count);
        Assert.True(worst <= 1.0, $"worst rank error {worst} percentile points");
        Assert.True(worst <= bound, $"worst rank error {worst} above the bound {bound}");
        Assert.True(bound <= 1.0, $"the bound itself is {bound} points");
        Assert.True(sketch.RetainedItems <= 4 * KllSketch.DefaultK, $"{sketch.RetainedItems} items retained");
    }

    [Fact]
    public void A_merge_of_sketches_is_a_sketch_of_the_union_within_the_bound()
    {
        var parts = Enumerable.Range(0, 4).Select(i => Values(250_000, seed: 100 + i)).ToArray();
        var merged = new KllSketch(seed: 9);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = new KllSketch(seed: i);
            foreach (var value in parts[i])
            {
                part.Add(value);
            }

            merged.Merge(part);
        }

        var union = parts.SelectMany(part => part).ToArray();
        var whole = new KllSketch(seed: 9);
        foreach (var value in union)
        {
            whole.Add(value);
        }

        var (mergedError, mergedBound) = WorstErrorAgainstExact(merged, union);
        var (wholeError, _) = WorstErrorAgainstExact(whole, union);
        output.WriteLine($"merged: worst {mergedError:F4} points, bound {mergedBound:F4}; one sketch of the union: worst {wholeError:F4}");

        Assert.Equal(union.Length, merged.Count);
        Assert.True(mergedError <= mergedBound, $"merged sketch's error {mergedError} above its bound {mergedBound}");
        Assert.True(mergedError <= 1.0, $"merged sketch's error {mergedError} percentile points");
        Assert.True(merged.RetainedItems <= 4 * KllSketch.DefaultK);
    }

    [Fact]
    public void The_same_seed_and_values_give_the_same_sketch_and_another_seed_another()
    {
        var values = Values(200_000, seed: 3);
        var first = Sketch(values, seed: 5);
        var second = Sketch(values, seed: 5);
        var other = Sketch(values, seed: 6);

        Assert.Equal(Flatten(first), Flatten(second));
        Assert.NotEqual(Flatten(first), Flatten(other));
    }

    [Fact]
    public void Ties_rank_with_the_minimum_and_small_populations_are_exact()
    {
        var sketch = new KllSketch();
        foreach (var value in new double[] { 5, 1, 3, 3, 3, 9, 1, 7, 3, 2 })
        {
            sketch.Add(value);
        }

        var distribution = sketch.ToDistribution();

        Assert.Equal(0, distribution.PercentileRank(1));
        Assert.Equal(30, distribution.PercentileRank(3));
        Assert.Equal(70, distribution.PercentileRank(5));
        Assert.Equal(70, distribution.PercentileRank(4));
        Assert.Equal(90, distribution.PercentileRank(9));
        Assert.Equal(100, distribution.PercentileRank(10));
        Assert.Equal(0, distribution.PercentileRank(-1));
        Assert.Null(KllSketch.FromLevels(KllSketch.DefaultK, 0, 0, 0, []).ToDistribution().PercentileRank(1));
    }

    [Fact]
    public void A_cut_point_separates_the_values_that_reach_a_percentile()
    {
        var sketch = new KllSketch();
        for (var i = 1; i <= 10; i++)
        {
            sketch.Add(i);
        }

        var distribution = sketch.ToDistribution();

        Assert.Equal(8, distribution.CutPoint(80));
        Assert.True(distribution.PercentileRank(8.5) >= 80);
        Assert.True(distribution.PercentileRank(8) < 80);
        Assert.Equal(double.NegativeInfinity, distribution.CutPoint(0));
        Assert.Equal(10, distribution.CutPoint(100));
        Assert.Equal(double.PositiveInfinity, distribution.CutPoint(100.5));
        Assert.Null(PopulationDistribution.Empty.CutPoint(50));
    }

    [Fact]
    public void A_sketch_rebuilt_from_its_levels_answers_the_same()
    {
        var sketch = Sketch(Values(50_000, seed: 11), seed: 2);

        var rebuilt = KllSketch.FromLevels(sketch.K, sketch.Seed, sketch.Count, sketch.CompactionVariance, sketch.Levels);

        Assert.Equal(Flatten(sketch), Flatten(rebuilt));
        Assert.Equal(sketch.RankErrorBound(0.01), rebuilt.RankErrorBound(0.01));
        Assert.Throws<ArgumentException>(() => KllSketch.FromLevels(sketch.K, 0, sketch.Count + 1, 0, sketch.Levels));
        Assert.Throws<ArgumentException>(() => new KllSketch().Add(double.NaN));
    }

    /// <summary>Skewed values with many ties, like spend: a tenth zeros, the rest log-normal, rounded to cents.</summary>
    private static double[] Values(int count, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] = random.Next(10) == 0 ? 0 : Math.Round(Math.Exp(4 + normal), 2);
        }

        return values;
    }

    private static KllSketch Sketch(double[] values, int seed)
    {
        var sketch = new KllSketch(seed: seed);
        foreach (var value in values)
        {
            sketch.Add(value);
        }

        return sketch;
    }

    private static double[] Flatten(KllSketch sketch) => [.. sketch.Levels.SelectMany((level, h) => level.Select(v => v * 1000 + h))];

    /// <summary>The worst error, in percentile points, over every distinct value and midpoints between, and the bound at δ = 1e-6.</summary>
    private static (double Worst, double Bound) WorstErrorAgainstExact(KllSketch sketch, double[] values)
    {
        var sorted = values.Order().ToArray();
        var distribution = sketch.ToDistribution();
        var worst = 0.0;
        var queries = sorted.Distinct().ToArray();
        for (var i = 0; i < queries.Length; i += Math.Max(1, queries.Length / 20_000))
        {
            foreach (var query in new[] { queries[i], i + 1 < queries.Length ? (queries[i] + queries[i + 1]) / 2 : queries[i] + 1 })
            {
                var exactBelow = ExactRanks.CountBelow(sorted, query);
                var exact = 100.0 * exactBelow / sorted.Length;
                worst = Math.Max(worst, Math.Abs(distribution.PercentileRank(query)!.Value - exact));
            }
        }

        return (worst, 100.0 * sketch.RankErrorBound(1e-6) / sketch.Count);
    }
}
