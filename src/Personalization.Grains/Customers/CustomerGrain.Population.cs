using Personalization.Population;
using Personalization.Rules;
using Personalization.Rules.Population;

namespace Personalization.Customers;

internal sealed partial class CustomerGrain
{
    /// <summary>The distributions the last evaluation read (<see cref="MarkIfPopulationMoved"/>).</summary>
    private PopulationSnapshot? evaluatedPopulation;

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
    /// Called right after <see cref="SharePopulationValues"/>: when a refresh published new distributions after the last
    /// evaluation read the previous ones, the customer marks itself stale (for lookups) and books a re-evaluation. A
    /// refresh marks customers by the values they shared; one that published before these values were shared could not
    /// see them (for a customer's first evaluation against a catalog with percentiles, there were none), and this check
    /// sees its snapshot instead. The fence keeps the sharing before the read here, as the refresh's publish (an
    /// interlocked exchange) stays before its marking pass, so every refresh is seen by one side or the other.
    /// </summary>
    private void MarkIfPopulationMoved()
    {
        var catalog = membership.Catalog;
        if (catalog.PopulationExpressions.Count == 0 || evaluatedPopulation is not { } evaluatedWith)
        {
            return;
        }

        Interlocked.MemoryBarrier();
        if (!ReferenceEquals(catalog.Population.Current, evaluatedWith))
        {
            active!.PopulationStale = true;
            services.Schedule.Book(active, services.Time.GetUtcNow());
        }
    }

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
