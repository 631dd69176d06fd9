namespace Personalization.Rules.Population;

/// <summary>
/// A comparison of <c>percentile(expression)</c> with a constant: its answers change only where the distribution's
/// <see cref="PopulationDistribution.CutPoint"/> at <see cref="Percentile"/> moves.
/// </summary>
/// <param name="Expression">Index into <see cref="SegmentCatalog.PopulationExpressions"/>.</param>
/// <param name="Strict">The comparison asks for a rank above the percentile (<c>&gt;</c>, <c>&lt;=</c>) rather than at least it.</param>
public readonly record struct PopulationThreshold(int Expression, double Percentile, bool Strict);
