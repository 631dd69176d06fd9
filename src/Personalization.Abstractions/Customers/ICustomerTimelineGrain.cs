using System.Collections.Immutable;

namespace Personalization.Customers;

/// <summary>
/// A customer's recent events on its grain (the same activation as its <c>ICustomerGrain</c>), for the console's
/// timeline: the raw events the engine retains for behaviour rules (at least 30 days, up to a per-type limit).
/// </summary>
public interface ICustomerTimelineGrain : IGrainWithStringKey
{
    public const int MaxRecentEvents = 1000;

    /// <summary>The newest <paramref name="limit"/> (1-<see cref="MaxRecentEvents"/>) retained events of every type, newest first.</summary>
    Task<ImmutableArray<RecentEvent>> GetRecentEventsAsync(int limit);
}
