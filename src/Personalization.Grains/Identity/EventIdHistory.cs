using Personalization.Customers;

namespace Personalization.Identity;

/// <summary>Joins two customers' recent event ids, so that a redelivery to either id after a merge counts once.</summary>
internal static class EventIdHistory
{
    /// <summary>
    /// The known customer's ids, then the absorbed ids it lacks; past <see cref="RecentEventIds.Capacity"/> the first go,
    /// as they would in one customer's list. Null when neither side has any.
    /// </summary>
    public static List<string>? Merge(List<string>? known, List<string>? absorbed)
    {
        if (absorbed is not { Count: > 0 })
        {
            return known;
        }

        var seen = new HashSet<string>(known ?? [], StringComparer.Ordinal);
        var merged = new List<string>(known ?? []);
        merged.AddRange(absorbed.Where(seen.Add));
        if (merged.Count > RecentEventIds.Capacity)
        {
            merged.RemoveRange(0, merged.Count - RecentEventIds.Capacity);
        }

        return merged;
    }
}
