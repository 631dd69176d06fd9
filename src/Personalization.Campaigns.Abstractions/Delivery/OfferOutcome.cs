using System.Collections.Immutable;
using Orleans.Concurrency;
using Personalization.Customers;

namespace Personalization.Campaigns;

public enum OfferOutcome { Shown, Clicked, Dismissed }
