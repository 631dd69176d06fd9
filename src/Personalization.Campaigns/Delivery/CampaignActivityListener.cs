using Microsoft.Extensions.Logging;
using Personalization.Campaigns.Catalog;
using Personalization.Customers;

namespace Personalization.Campaigns.Delivery;

/// <summary>
/// Hears every customer interaction on the customer grain's turn and forwards, one-way, only what campaigns need: an
/// activity that triggers a running campaign or may convert an exposure, segment changes a live stream waits for, events
/// of a session that holds a session-scoped offer, and the first event a customer activation sees while session offers
/// exist. With no campaign and no stream it returns after a few lookups.
/// </summary>
internal sealed class CampaignActivityListener(
    CampaignCatalogCache campaigns,
    IGrainFactory grains,
    IGrainContextAccessor contexts,
    ILogger<CampaignActivityListener> logger) : ICustomerActivityListener
{
    private long forwarded;

    /// <summary>Activities forwarded by this silo since it started.</summary>
    public long Forwarded => Interlocked.Read(ref forwarded);

    public Task OnErasedAsync(string customerId) => grains.GetGrain<ICustomerCampaignsGrain>(customerId).EraseAsync();

    public Task OnMergedAsync(string absorbedId, string customerId) => grains.GetGrain<ICustomerCampaignsGrain>(customerId).AbsorbAsync(absorbedId);

    public void OnActivity(CustomerActivity activity)
    {
        try
        {
            var context = CustomerContext(activity.CustomerId);
            var attention = CustomerAttention.Of(context);
            var index = campaigns.Current;
            var triggers = false;
            var sessionScoped = false;
            if (index.MayTrigger(activity))
            {
                foreach (var campaign in index.Triggered(activity))
                {
                    triggers = true;
                    sessionScoped |= campaign.Settings.Scope == OfferScope.Session;
                }
            }

            var firstOfSession = false;
            if (context is not null && !activity.Events.IsEmpty && index.AnySessionScoped(activity.At))
            {
                attention ??= CustomerAttention.On(context);
                firstOfSession = attention.TryClaimSessionCheck();
            }

            var changedSegments = !activity.Entered.IsEmpty || !activity.Exited.IsEmpty;
            var followsSession = attention is not null && !activity.Events.IsEmpty && attention.FollowsSessionAt(activity.At);
            if (!triggers && !firstOfSession && !index.MayConvert(activity) && !followsSession && !(changedSegments && attention?.HasLiveStream == true))
            {
                return;
            }

            if (context is not null && (sessionScoped || followsSession))
            {
                CustomerAttention.On(context).FollowSession(activity.At);
            }

            Interlocked.Increment(ref forwarded);
            CampaignMetrics.ActivitiesForwarded.Add(1);
            grains.GetGrain<ICustomerCampaignsGrain>(activity.CustomerId).OnActivityAsync(activity, firstOfSession).Ignore();
        }
        catch (Exception e)
        {
            // The customer grain must never fail an event because of campaigns.
            logger.LogError(e, "Campaigns could not consider activity of customer {CustomerId}", activity.CustomerId);
        }
    }

    /// <summary>The customer grain's activation this runs on; null if called from anywhere else, which the contract rules out.</summary>
    private IGrainContext? CustomerContext(string customerId)
    {
        var context = contexts.GrainContext;
        return context.GrainId.Key.ToString() == customerId ? context : null;
    }
}
