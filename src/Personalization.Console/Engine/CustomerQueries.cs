using Personalization.Campaigns.Delivery;
using System.Collections.Immutable;
using Personalization.Campaigns;
using Personalization.Customers;
using Personalization.Security;

namespace Personalization.Console.Engine;

/// <summary>The console's customer reads and erasure, through the same grains and services as the HTTP API.</summary>
public sealed class CustomerQueries(IGrainFactory grains, LookupOffers offers, ConsoleAudit audit)
{
    public async Task<CustomerView> FindAsync(string customerId)
    {
        var pending = offers.PendingAsync(customerId);
        var snapshot = await grains.GetCustomerGrain(customerId).GetSnapshotAsync();
        return new CustomerView(snapshot, await pending ?? []);
    }

    /// <summary>Erases the customer and records it in the audit trail as DELETE /v1/customers/{id} does: by the id's hash.</summary>
    public async Task EraseAsync(string customerId)
    {
        await grains.GetCustomerGrain(customerId).EraseAsync();
        await audit.RecordAsync(AuditActions.CustomerErased, AuditKeys.Target("customers", customerId, pseudonymous: true), null, null);
    }
}
