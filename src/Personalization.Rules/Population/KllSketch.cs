namespace Personalization.Rules.Population;

/// <summary>
/// A mergeable quantile sketch after Karnin, Lang and Liberty, "Optimal Quantile Approximation in Streams" (FOCS 2016):
/// a stack of compactors where an item at level h stands for 2^h values. A full level is sorted and halved by keeping the
/// items at the even or at the odd positions (a coin flip) and promoting them one level up. Capacities shrink by 2/3 per
/// level below the top (at least <see cref="MinimumLevelCapacity"/>), so the sketch holds about 3k items whatever the count.
/// </summary>
/// <remarks>
/// For one rank query, a compaction at level h moves the estimate by -2^h, 0 or +2^h, with mean zero and independently of
/// every other compaction, so the estimate is exact in expectation and Hoeffding's inequality bounds its error (the paper's
/// analysis): |error| &lt;= sqrt(2 Σ 4^h ln(2/δ)) with probability 1 - δ, the sum over the compactions performed, merged
/// sketches' included (<see cref="RankErrorBound"/>). No maintained .NET library with such a sketch is available to the
/// project, hence this small implementation. Not thread-safe. NaN is refused.
/// </remarks>
public sealed class KllSketch
{
    /// <summary>The accuracy parameter used for population percentiles: about 0.2 percentile points at 99 % confidence.</summary>
    public const int DefaultK = 1024;

    public const int MinimumLevelCapacity = 8;

    private const double CapacityRatio = 2.0 / 3.0;

    private readonly List<List<double>> levels = [[]];
    private readonly Random random;

    public KllSketch(int k = DefaultK, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, MinimumLevelCapacity);
        K = k;
        Seed = seed;
        random = new Random(seed);
    }

    public int K { get; }

    public int Seed { get; }

    /// <summary>How many values were added, merged sketches' included.</summary>
    public long Count { get; private set; }

    /// <summary>Σ 4^h over every compaction performed at level h (merged sketches' included): the variance term of the error bound.</summary>
    public double CompactionVariance { get; private set; }

    /// <summary>How many items the sketch holds.</summary>
    public int RetainedItems => levels.Sum(level => level.Count);

    /// <summary>The retained items by level; an item at level h stands for 2^h values.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Levels => levels;

    /// <summary>Rebuilds a sketch from its levels and counters (as <see cref="Levels"/>, <see cref="Count"/> and <see cref="CompactionVariance"/> gave them).</summary>
    public static KllSketch FromLevels(int k, int seed, long count, double compactionVariance, IEnumerable<IEnumerable<double>> levels)
    {
        var sketch = new KllSketch(k, seed);
        sketch.levels.Clear();
        foreach (var level in levels)
        {
            var items = level.ToList();
            if (items.Any(double.IsNaN))
            {
                throw new ArgumentException("A sketch holds no NaN.", nameof(levels));
            }

            sketch.levels.Add(items);
        }

        if (sketch.levels.Count == 0)
        {
            sketch.levels.Add([]);
        }

        long weight = 0;
        for (var h = 0; h < sketch.levels.Count; h++)
        {
            weight += (long)sketch.levels[h].Count << h;
        }

        if (weight != count)
        {
            throw new ArgumentException($"The levels stand for {weight} values, not {count}.", nameof(count));
        }

        sketch.Count = count;
        sketch.CompactionVariance = compactionVariance;
        sketch.Compress();
        return sketch;
    }

    public void Add(double value)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException("NaN has no rank.", nameof(value));
        }

        levels[0].Add(value);
        Count++;
        if (levels[0].Count >= Capacity(0))
        {
            Compress();
        }
    }

    /// <summary>Adds another sketch's values to this one; the other sketch is left as it was.</summary>
    public void Merge(KllSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var h = 0; h < other.levels.Count; h++)
        {
            if (h == levels.Count)
            {
                levels.Add([]);
            }

            levels[h].AddRange(other.levels[h]);
        }

        Count += other.Count;
        CompactionVariance += other.CompactionVariance;
        Compress();
    }

    /// <summary>
    /// The rank error, in values, that an estimate exceeds with probability at most <paramref name="failureProbability"/>
    /// (Hoeffding over the compactions performed).
    /// </summary>
    public double RankErrorBound(double failureProbability)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(failureProbability, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(failureProbability, 1);
        return Math.Sqrt(2 * CompactionVariance * Math.Log(2 / failureProbability));
    }

    /// <summary>The sorted, weighted items the rank queries read.</summary>
    public PopulationDistribution ToDistribution()
    {
        var items = new List<(double Value, long Weight)>(RetainedItems);
        for (var h = 0; h < levels.Count; h++)
        {
            foreach (var value in levels[h])
            {
                items.Add((value, 1L << h));
            }
        }

        items.Sort((a, b) => a.Value.CompareTo(b.Value));
        var values = new List<double>(items.Count);
        var below = new List<long>(items.Count);
        long cumulative = 0;
        foreach (var (value, weight) in items)
        {
            if (values.Count == 0 || values[^1] != value)
            {
                values.Add(value);
                below.Add(cumulative);
            }

            cumulative += weight;
        }

        return new PopulationDistribution([.. values], [.. below], Count);
    }

    private int Capacity(int level)
    {
        var depth = levels.Count - 1 - level;
        return Math.Max(MinimumLevelCapacity, (int)Math.Ceiling(K * Math.Pow(CapacityRatio, depth)));
    }

    private void Compress()
    {
        while (true)
        {
            var full = -1;
            for (var h = 0; h < levels.Count; h++)
            {
                if (levels[h].Count >= Capacity(h))
                {
                    full = h;
                    break;
                }
            }

            if (full < 0)
            {
                return;
            }

            Compact(full);
        }
    }

    private void Compact(int h)
    {
        if (h + 1 == levels.Count)
        {
            levels.Add([]);
        }

        var level = levels[h];
        level.Sort();

        // An odd item out stays at its level, so that every compaction halves an even number of items and keeps the weight.
        var compacted = level.Count & ~1;
        var offset = random.Next(2);
        var above = levels[h + 1];
        for (var i = offset; i < compacted; i += 2)
        {
            above.Add(level[i]);
        }

        level.RemoveRange(0, compacted);
        var weight = Math.Pow(2, h);
        CompactionVariance += weight * weight;
    }
}
