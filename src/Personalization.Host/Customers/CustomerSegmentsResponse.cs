using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Personalization.Campaigns;
using Personalization.Customers;
using Personalization.Host.Campaigns;
using Personalization.Host.Events;
using Personalization.Host.Http;
using Personalization.Rules;
using Personalization.Host.Security;
using Personalization.Security;

namespace Personalization.Host.Customers;

/// <summary><see cref="Offers"/> is present only while some campaign runs, so the lookup then also delivers pending offers.</summary>
public sealed record CustomerSegmentsResponse(
    string CustomerId,
    ImmutableArray<string> Segments,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ImmutableArray<OfferResponse>? Offers = null);
