using System.Collections.Immutable;
using Orleans.Concurrency;
using Personalization.Forecasts;
using Personalization.Rules;

namespace Personalization.Customers;

/// <summary>One customer or anonymous visitor, keyed by customer id.</summary>
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>Records one event, re-evaluates every active segment and reports what changed.</summary>
    Task<TrackOutcome> TrackAsync(TrackedEvent trackedEvent);

    /// <summary>Records events of one customer in order; the answer reports the segments after the last.</summary>
    Task<TrackOutcome> TrackManyAsync(ImmutableArray<TrackedEvent> trackedEvents);

    /// <summary>The current segments, as held in memory: the per-page-view lookup.</summary>
    ValueTask<ImmutableArray<string>> GetSegmentsAsync();

    Task<CustomerSnapshot> GetSnapshotAsync();

    Task<SegmentChange> ReplaceProfileAsync(ImmutableDictionary<string, RuleValue> attributes);

    /// <summary>Merges attributes in; a null value removes that attribute (JSON merge-patch semantics).</summary>
    Task<SegmentChange> MergeProfileAsync(ImmutableDictionary<string, RuleValue> attributes);

    /// <summary>Erases everything stored about the customer and deactivates the grain.</summary>
    Task EraseAsync();

    /// <summary>Whether the customer would be in a segment with this draft rule; nothing is stored.</summary>
    Task<bool> MatchesDraftAsync(string rule);

    /// <summary>
    /// The sum of the values of the customer's retained events of <paramref name="eventType"/> with
    /// <paramref name="from"/> &lt;= timestamp &lt; <paramref name="to"/>: what <c>sum(type.value, window)</c> reads, over any
    /// span within the retention (raw events are kept at least 30 days, up to the ledger's per-type limit).
    /// </summary>
    Task<double> SumOfValuesAsync(string eventType, DateTimeOffset from, DateTimeOffset to);

    /// <summary>The customer's purchase summary today, in days, for fitting the purchase models; null without purchases.</summary>
    Task<PurchaseSummaryReading?> GetPurchaseSummaryAsync();

    /// <summary>Evaluates the segments again with no new event: time moved or the catalog changed.</summary>
    [OneWay]
    Task ReevaluateAsync();
}
