using System.Collections.Immutable;
using Orleans.Concurrency;
using Personalization.Customers;

namespace Personalization.Campaigns;

/// <summary>
/// One customer's side of campaigns, keyed by customer id: exposures and the offers they made, frequency-cap history,
/// session tracking, and live stream subscribers. Fed one-way by <see cref="CampaignActivityListener"/>.
/// </summary>
public interface ICustomerCampaignsGrain : IGrainWithStringKey
{
    /// <param name="firstOfActivation">
    /// The first event the customer's activation forwards: it does not follow the session yet, so if this grain holds a
    /// session offer it asks the activation to.
    /// </param>
    [OneWay]
    Task OnActivityAsync(CustomerActivity activity, bool firstOfActivation);

    /// <summary>The offers waiting for the customer: made, not clicked or dismissed, not expired, of a running campaign.</summary>
    [AlwaysInterleave]
    Task<ImmutableArray<OfferView>> GetOffersAsync();

    Task<OutcomeResult> RecordOutcomeAsync(string offerId, OfferOutcome outcome);

    /// <summary>Subscribes a stream for segment changes and new offers; the subscription lapses unless renewed within a minute.</summary>
    Task SubscribeAsync(ICustomerFeedObserver observer);

    Task UnsubscribeAsync(ICustomerFeedObserver observer);

    /// <summary>Removes the customer's exposures, offers, caps and session from storage; reports keep only their counts.</summary>
    Task EraseAsync();

    /// <summary>
    /// Identity resolution merged <paramref name="absorbedId"/> into this customer: its exposures, offers, caps and session
    /// join this customer's (stored), then it drops its own (<see cref="HandOverAsync"/>). Idempotent.
    /// </summary>
    Task AbsorbAsync(string absorbedId);

    /// <summary>This customer's campaign state as stored (JSON), for the customer absorbing it.</summary>
    Task<string> ExportAsync();

    /// <summary>
    /// The customer <paramref name="customerId"/> stored this id's campaign state as its own: this id drops it and from
    /// then on answers offers and outcomes from that customer's. Idempotent.
    /// </summary>
    Task HandOverAsync(string customerId);
}

/// <summary>Pushes from a customer's campaign grain to the connections streaming to that customer's pages.</summary>
public interface ICustomerFeedObserver : IGrainObserver
{
    [OneWay]
    Task OnSegmentsChangedAsync(SegmentChange change);

    [OneWay]
    Task OnOfferAsync(OfferView offer);
}

public enum OfferOutcome { Shown, Clicked, Dismissed }

public enum OutcomeResult { Recorded, AlreadyRecorded, UnknownOffer }

/// <summary>An offer as a website gets it. <see cref="Content"/> is the variant's offer, JSON text.</summary>
/// <param name="ExpiresAt">For a session offer, when the session ends if no event comes first.</param>
[GenerateSerializer, Immutable]
public sealed record OfferView(
    [property: Id(0)] string OfferId,
    [property: Id(1)] string CampaignId,
    [property: Id(2)] int CampaignVersion,
    [property: Id(3)] string Variant,
    [property: Id(4)] string Content,
    [property: Id(5)] OfferScope Scope,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset? ExpiresAt);
