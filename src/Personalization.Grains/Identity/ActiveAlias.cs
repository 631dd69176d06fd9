using Personalization.Customers;

namespace Personalization.Identity;

/// <summary>
/// An alias's activation in the silo's table of active customers: it has no membership and takes no events of its own,
/// and its entry names the customer they belong to, so lookups and events on this silo reach that customer without a
/// call to the alias. A subclass, so that other customers' entries carry no field for it.
/// </summary>
internal sealed class ActiveAlias(string aliasId, string customerId) : ActiveCustomer(aliasId, grain: null)
{
    /// <summary>The customer this id forwards to; changed when that customer is merged into another.</summary>
    public volatile string AliasOf = customerId;
}
