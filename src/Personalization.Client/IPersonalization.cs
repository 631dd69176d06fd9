namespace Personalization.Client;

/// <summary>
/// The engine, as a web front end uses it: one call per page to read or change a visitor, sent straight to the
/// cluster's gateways. Every call is bounded by <see cref="PersonalizationClientOptions.CallTimeout"/> per attempt and
/// retried on transient failures; when every attempt failed it throws <see cref="PersonalizationUnavailableException"/>.
/// Invalid ids and events are refused with an <see cref="ArgumentException"/> before anything is sent.
/// </summary>
public interface IPersonalization
{
    /// <summary>The visitor's current segments. An unknown visitor has an empty profile and is evaluated like any other.</summary>
    Task<IReadOnlyList<string>> GetSegmentsAsync(string customerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records one event and answers with the visitor's segments after it. An event without an
    /// <see cref="CustomerEvent.EventId"/> gets one here, so a retried call is counted once by the engine.
    /// </summary>
    Task<TrackResult> TrackAsync(string customerId, CustomerEvent customerEvent, CancellationToken cancellationToken = default);

    /// <summary>Records several events of one visitor, in order, in one call; the answer holds the segments after the last.</summary>
    Task<TrackResult> TrackAsync(string customerId, IReadOnlyList<CustomerEvent> customerEvents, CancellationToken cancellationToken = default);

    /// <summary>
    /// The offers campaigns made the visitor that still wait: not clicked or dismissed, not expired, of a running campaign.
    /// Campaigns react to events after they are recorded, so an offer an event earns appears shortly after that event's answer.
    /// </summary>
    Task<IReadOnlyList<PendingOffer>> GetOffersAsync(string customerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The visitor browsing as <paramref name="anonymousId"/> is <paramref name="customerId"/>: its history, profile, event
    /// ids and campaign state merge into the customer's, and the anonymous id becomes an alias. Merging two known
    /// customers needs <paramref name="mergeKnownCustomers"/>; a refusal is in the result's status, not an exception.
    /// </summary>
    Task<IdentifyResult> IdentifyAsync(string anonymousId, string customerId, bool mergeKnownCustomers = false, CancellationToken cancellationToken = default);
}
