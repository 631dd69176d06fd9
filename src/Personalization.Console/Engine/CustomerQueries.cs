using System.Collections.Immutable;
using Personalization.Campaigns;
using Personalization.Customers;

namespace Personalization.Console.Engine;

/// <summary>One customer as the console shows it: the snapshot GET /v1/customers/{id} answers and the pending offers.</summary>
public sealed record CustomerView(CustomerSnapshot Snapshot, ImmutableArray<OfferView> Offers);

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
