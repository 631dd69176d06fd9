using Personalization.Campaigns.Delivery;
using System.Collections.Immutable;
using Personalization.Campaigns;
using Personalization.Customers;

namespace Personalization.Console.Engine;

/// <summary>The console's customer reads and erasure, through the same grains and services as the HTTP API.</summary>
public sealed class CustomerQueries(IGrainFactory grains, LookupOffers offers)
{
    public async Task<CustomerView> FindAsync(string customerId)
    {
        var pending = offers.PendingAsync(customerId);
        var snapshot = await grains.GetCustomerGrain(customerId).GetSnapshotAsync();
        return new CustomerView(snapshot, await pending ?? []);
    }

    public Task EraseAsync(string customerId) => grains.GetCustomerGrain(customerId).EraseAsync();
}
