using Personalization.Population;
using Personalization.Rules;
using Personalization.Rules.Population;

namespace Personalization.Customers;

internal sealed partial class CustomerGrain
{
    /// <summary>A population refresh moved a cut point between this customer's last answers and now (<see cref="ActiveCustomers.ReevaluateForPopulation"/>).</summary>
    private bool IsPopulationStale => active?.PopulationStale == true;

    /// <summary>
    /// Clears the mark a population refresh left, before an evaluation that reads the new distributions; true when there
    /// was one, and then every segment must be evaluated, not only those an event's type reaches.
    /// </summary>
    private bool TakePopulationStale()
    {
        if (!IsPopulationStale)
        {
            return false;
        }

        active!.PopulationStale = false;
        return true;
    }

    /// <summary>
    /// True when a refresh published new distributions while this evaluation read the previous ones. Such a refresh
    /// marks customers by the values they last shared, which this evaluation has not shared yet (for a customer's first
    /// evaluation against a catalog with percentiles, none at all), so the evaluation must mark itself.
    /// </summary>
    private bool PopulationMovedDuring(SegmentCatalog catalog, PopulationSnapshot evaluatedWith) =>
        active is not null && catalog.PopulationExpressions.Count > 0 && !ReferenceEquals(catalog.Population.Current, evaluatedWith);

    /// <summary>
    /// Shares the customer's values of the catalog's population expressions for the silo's sketches; allocates only
    /// when they changed. Called after every evaluation, beside <see cref="Share"/>.
    /// </summary>
    private void SharePopulationValues()
    {
        var catalog = membership.Catalog;
        var expressions = catalog.PopulationExpressions;
        if (expressions.Count == 0)
        {
            active!.PopulationValues = null;
            return;
        }

        Span<double> values = expressions.Count <= 32 ? stackalloc double[expressions.Count] : new double[expressions.Count];
        catalog.MeasurePopulation(state.State.Facts, services.Time.GetUtcNow(), values);
        if (active!.PopulationValues is { } last && ReferenceEquals(last.Expressions, expressions) && values.SequenceEqual(last.Values))
        {
            return;
        }

        active.PopulationValues = new PopulationValues(expressions, values.ToArray());
    }
}
