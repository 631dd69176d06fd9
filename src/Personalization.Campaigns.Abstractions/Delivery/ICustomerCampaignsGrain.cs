using System.Collections.Immutable;
using Orleans.Concurrency;
using Personalization.Customers;

namespace Personalization.Campaigns.Delivery;

/// <summary>
/// One customer's side of campaigns, keyed by customer id: exposures and the offers they made, frequency-cap history,
/// session tracking, and live stream subscribers. Fed one-way by the campaigns assembly's activity listener.
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
