using Personalization.Campaigns.Delivery;
using System.Collections.Immutable;
using Personalization.Customers;

namespace Personalization.Console.Engine;

/// <summary>One customer as the console shows it: the snapshot GET /v1/customers/{id} answers and the pending offers.</summary>
public sealed record CustomerView(CustomerSnapshot Snapshot, ImmutableArray<OfferView> Offers);
