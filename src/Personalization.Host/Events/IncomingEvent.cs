using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Personalization.Customers;
using Personalization.Host.Http;
using Personalization.Rules;

namespace Personalization.Host.Events;

/// <summary>A validated event, addressed to one customer.</summary>
/// <param name="AnonymousId">The id the visitor had before it was known, as tracking SDKs send it: made an alias of the customer first.</param>
public sealed record IncomingEvent(string CustomerId, TrackedEvent Event, string? AnonymousId = null);
