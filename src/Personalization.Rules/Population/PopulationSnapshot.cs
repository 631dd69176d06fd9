namespace Personalization.Rules.Population;

/// <summary>
/// The population's distributions at one refresh, by the canonical text of the expression ranked (as
/// <see cref="SegmentCatalog.PopulationExpressions"/> names them). Immutable.
/// </summary>
public sealed class PopulationSnapshot(long version, IReadOnlyDictionary<string, PopulationDistribution> distributions)
{
    /// <summary>Before the first refresh: no distribution, so every percentile is null.</summary>
    public static readonly PopulationSnapshot None = new(0, new Dictionary<string, PopulationDistribution>(StringComparer.Ordinal));

    public long Version { get; } = version;

    public IReadOnlyDictionary<string, PopulationDistribution> Distributions { get; } = distributions ?? throw new ArgumentNullException(nameof(distributions));

    public PopulationDistribution? Find(string expression) => Distributions.GetValueOrDefault(expression);
}
