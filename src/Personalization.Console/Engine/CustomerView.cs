using Personalization.Campaigns.Delivery;
using System.Collections.Immutable;
using Personalization.Customers;

namespace Personalization.Console.Engine;

/// <summary>What the customer page shows: the snapshot GET /v1/customers/{id} answers, pending offers and recent events, newest first.</summary>
public sealed record CustomerView(CustomerSnapshot Snapshot, ImmutableArray<OfferView> Offers, ImmutableArray<RecentEvent> RecentEvents);
