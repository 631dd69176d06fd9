namespace Personalization.Rules.Population;

/// <summary>
/// Which customers' answers a new population snapshot may change, by their values of the ranked expressions: for a
/// comparison whose cut point moved from a to b, the values in (min(a, b), max(a, b)]; for a percentile read any other
/// way whose distribution changed, every value. A customer whose value is not a number has a null percentile before and
/// after, and is never affected. Immutable.
/// </summary>
public sealed class PopulationChange
{
    public static readonly PopulationChange None = new([]);

    private readonly (string Expression, double Low, double High)[] bands;

    internal PopulationChange((string Expression, double Low, double High)[] bands) => this.bands = bands;

    /// <summary>No answer can change.</summary>
    public bool IsEmpty => bands.Length == 0;

    /// <summary>Whether a customer with these values (<paramref name="values"/>[i] of <paramref name="expressions"/>[i], NaN for none) may answer differently.</summary>
    public bool Affects(IReadOnlyList<string> expressions, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(expressions);
        foreach (var (expression, low, high) in bands)
        {
            for (var i = 0; i < expressions.Count && i < values.Length; i++)
            {
                if (expressions[i] == expression && !double.IsNaN(values[i]) && (values[i] > low || double.IsNegativeInfinity(low)) && values[i] <= high)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
