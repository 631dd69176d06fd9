using System.Collections.Immutable;

namespace Personalization.Host.Campaigns;

public sealed record CustomerOffersResponse(string CustomerId, ImmutableArray<OfferResponse> Offers);
