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

/// <param name="CustomerId">The customer the anonymous id now resolves to.</param>
/// <param name="Segments">The customer's segments after the merge.</param>
public sealed record IdentifyResult(Personalization.Identity.IdentifyStatus Status, string CustomerId, IReadOnlyList<string> Segments);

/// <param name="Content">The offer as its campaign defines it: JSON text, usually an object with a title, a code, a link.</param>
/// <param name="ExpiresAt">When the offer lapses: the end of its time to live, or of the session it was made in; null when not known yet.</param>
public sealed record PendingOffer(
    string OfferId,
    string CampaignId,
    string Variant,
    string Content,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt);

/// <summary>
/// One interaction, as the HTTP API's event without its customer id. <see cref="Properties"/> values are strings,
/// numbers, booleans or <see cref="DateTimeOffset"/>s; a string in ISO 8601 date or RFC 3339 date-time form is read as a
/// date, as over HTTP.
/// </summary>
/// <param name="Type">1-64 characters of <c>A-Za-z0-9_.:-</c>, such as <c>page_view</c> or <c>purchase</c>.</param>
public sealed record CustomerEvent(string Type)
{
    /// <summary>When it happened; the client's clock when absent. At most 5 minutes ahead of the client's clock.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>What <c>purchase.value</c> reads in a rule, such as an order total.</summary>
    public double? Value { get; init; }

    public string? SessionId { get; init; }

    public IReadOnlyDictionary<string, object?>? Properties { get; init; }

    /// <summary>1-128 characters; a repeated id is counted once. An order number makes a resubmitted order harmless.</summary>
    public string? EventId { get; init; }
}

/// <param name="Segments">The visitor's segments after the events.</param>
/// <param name="Entered">Segments the events made the visitor enter.</param>
/// <param name="Exited">Segments the events made the visitor leave.</param>
/// <param name="EventIds">The id each event was sent with, in order: the caller's, or the one generated for it.</param>
/// <param name="DuplicatesIgnored">
/// Events whose id the engine had already counted. After a retry this may include the call's own events, when an
/// attempt that looked failed had in fact been stored.
/// </param>
public sealed record TrackResult(
    IReadOnlyList<string> Segments,
    IReadOnlyList<string> Entered,
    IReadOnlyList<string> Exited,
    IReadOnlyList<string> EventIds,
    int DuplicatesIgnored);

/// <summary>Every attempt of a call failed transiently: no gateway answered, the silo died, or the call timed out.</summary>
public sealed class PersonalizationUnavailableException(string message, Exception innerException) : Exception(message, innerException);
