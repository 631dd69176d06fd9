using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Personalization.Host.Campaigns;

namespace Personalization.Host.Customers;

/// <summary><see cref="Offers"/> is present only while some campaign runs, so the lookup then also delivers pending offers.</summary>
public sealed record CustomerSegmentsResponse(
    string CustomerId,
    ImmutableArray<string> Segments,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ImmutableArray<OfferResponse>? Offers = null);
