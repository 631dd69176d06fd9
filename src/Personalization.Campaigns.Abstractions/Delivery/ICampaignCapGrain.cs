using Orleans.Concurrency;
using Personalization.Campaigns.Catalog;

namespace Personalization.Campaigns.Delivery;

/// <summary>
/// A campaign's global frequency cap, keyed by campaign id. Consulted only when a trigger fires for a customer who passed
/// every other check, never per event, so one grain per campaign is not on the ingest path.
/// </summary>
public interface ICampaignCapGrain : IGrainWithStringKey
{
    /// <summary>Takes one exposure from the period that holds <paramref name="at"/>; false when the period's count is used up.</summary>
    Task<bool> TryTakeAsync(FrequencyCap cap, DateTimeOffset at);

    /// <summary>Exposures taken so far in the period that holds <paramref name="at"/>.</summary>
    [ReadOnly]
    Task<int> TakenAsync(FrequencyCap cap, DateTimeOffset at);
}
