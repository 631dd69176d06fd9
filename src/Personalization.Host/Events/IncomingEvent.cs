using Personalization.Customers;

namespace Personalization.Host.Events;

/// <summary>A validated event, addressed to one customer.</summary>
/// <param name="AnonymousId">The id the visitor had before it was known, as tracking SDKs send it: made an alias of the customer first.</param>
public sealed record IncomingEvent(string CustomerId, TrackedEvent Event, string? AnonymousId = null);
