using Orleans.Concurrency;
using Personalization.Customers;

namespace Personalization.Campaigns.Delivery;

/// <summary>Pushes from a customer's campaign grain to the connections streaming to that customer's pages.</summary>
public interface ICustomerFeedObserver : IGrainObserver
{
    [OneWay]
    Task OnSegmentsChangedAsync(SegmentChange change);

    [OneWay]
    Task OnOfferAsync(OfferView offer);
}
