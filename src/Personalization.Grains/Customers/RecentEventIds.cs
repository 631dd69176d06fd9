namespace Personalization.Customers;

/// <summary>
/// The ids of a customer's most recent events, to count a redelivered event once. Bounded so a customer's
/// memory does not grow with its history: a duplicate arriving after <see cref="Capacity"/> newer events
/// with ids is no longer recognised.
/// </summary>
internal sealed class RecentEventIds
{
    public const int Capacity = 4096;

    private readonly List<string> order;

    // Built on the first id: most customers' events carry none, and every active customer would keep an empty set.
    private HashSet<string>? known;

    /// <param name="stored">The persisted list, oldest first; it is kept in step with this index.</param>
    public RecentEventIds(List<string> stored)
    {
        order = stored;
        known = stored.Count == 0 ? null : new HashSet<string>(stored, StringComparer.Ordinal);
    }

    public bool Contains(string eventId) => known?.Contains(eventId) == true;

    /// <summary>Adds the id; false when it was already known.</summary>
    public bool TryAdd(string eventId)
    {
        known ??= new HashSet<string>(StringComparer.Ordinal);
        if (!known.Add(eventId))
        {
            return false;
        }

        order.Add(eventId);
        if (order.Count > Capacity)
        {
            // Dropping a block at once keeps the cost of List.RemoveRange amortised.
            var excess = order.Count - Capacity + Capacity / 8;
            foreach (var old in order.Take(excess))
            {
                known.Remove(old);
            }

            order.RemoveRange(0, excess);
        }

        return true;
    }
}
