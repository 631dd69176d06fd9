namespace Personalization.Client;

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
