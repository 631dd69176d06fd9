namespace Personalization.Population;

/// <summary>
/// A customer's values of its catalog's population expressions at its last evaluation (NaN where not a number), shared
/// on its <c>ActiveCustomer</c> entry for the silo's sketches. Immutable.
/// </summary>
public sealed record PopulationValues(IReadOnlyList<string> Expressions, double[] Values);
