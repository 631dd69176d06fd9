using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Personalization.Campaigns.Catalog;
using Personalization.Timing;

namespace Personalization.Campaigns.Delivery;

/// <summary>
/// Offers for the per-page segment lookup. While no campaign is running it answers null at once, so the lookup costs no
/// second grain call; otherwise it asks the customer's campaign grain, and a failure there costs the page its offers only.
/// </summary>
public sealed class LookupOffers(
    IGrainFactory grains,
    CampaignCatalogCache campaigns,
    [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time,
    ILogger<LookupOffers> logger)
{
    public async Task<ImmutableArray<OfferView>?> PendingAsync(string customerId)
    {
        if (!campaigns.Current.AnyRunning(time.GetUtcNow()))
        {
            return null;
        }

        try
        {
            return await grains.GetGrain<ICustomerCampaignsGrain>(customerId).GetOffersAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Offers of customer {CustomerId} could not be read for a segment lookup", customerId);
            return [];
        }
    }
}
