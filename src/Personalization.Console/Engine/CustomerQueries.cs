using Personalization.Campaigns.Delivery;
using System.Collections.Immutable;
using Personalization.Campaigns;
using Personalization.Customers;
using Personalization.Security;

namespace Personalization.Console.Engine;

/// <summary>The console's customer reads and erasure, through the same grains and services as the HTTP API.</summary>
public sealed class CustomerQueries(IGrainFactory grains, LookupOffers offers, ConsoleAudit audit)
{
    /// <summary>How many recent events the customer page's timeline shows.</summary>
    public const int TimelineEvents = 50;

    public async Task<CustomerView> FindAsync(string customerId)
    {
        var pending = offers.PendingAsync(customerId);
        var recent = grains.GetGrain<ICustomerTimelineGrain>(customerId).GetRecentEventsAsync(TimelineEvents);
        var snapshot = await grains.GetCustomerGrain(customerId).GetSnapshotAsync();
        return new CustomerView(snapshot, await pending ?? [], await recent);
    }

    /// <summary>Erases the customer and records it in the audit trail as DELETE /v1/customers/{id} does: by the id's hash.</summary>
    public async Task EraseAsync(string customerId)
    {
        await grains.GetCustomerGrain(customerId).EraseAsync();
        await audit.RecordAsync(AuditActions.CustomerErased, AuditKeys.Target("customers", customerId, pseudonymous: true), null, null);
    }
}
