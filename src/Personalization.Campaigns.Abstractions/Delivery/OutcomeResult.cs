using System.Collections.Immutable;
using Orleans.Concurrency;
using Personalization.Customers;

namespace Personalization.Campaigns;

public enum OutcomeResult { Recorded, AlreadyRecorded, UnknownOffer }
