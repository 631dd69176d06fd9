using System.Text.Json.Serialization;
using Personalization.Rules.Engine;
using Personalization.Rules.Forecasts;

namespace Personalization.Rules.Facts;

/// <summary>
/// One customer's state that rules read. Round-trips through System.Text.Json. Not thread-safe: one grain owns it.
/// Evaluation caches belong to the catalog, which lends them to customers; a customer keeps only where its cache was
/// (never serialized), so repeated evaluations reuse unchanged values while the cache is still its own.
/// </summary>
public sealed class CustomerFacts
{
    private ProfileAttributes profile = ProfileAttributes.Empty;
    private BehaviourLedger behaviour = new();

    /// <summary>Profile attributes; names are compared case-sensitively.</summary>
    public ProfileAttributes Profile
    {
        get => profile;
        set => profile = value ?? ProfileAttributes.Empty;
    }

    // Instants as UTC ticks, as the ledger keeps them (see BehaviourLedger): two nullable DateTimeOffsets would be 48 bytes.
    private const long NotSeen = long.MinValue;
    private long firstSeenTicks = NotSeen;
    private long lastSeenTicks = NotSeen;

    public DateTimeOffset? FirstSeen
    {
        get => FromTicks(firstSeenTicks);
        set => firstSeenTicks = value?.UtcTicks ?? NotSeen;
    }

    public DateTimeOffset? LastSeen
    {
        get => FromTicks(lastSeenTicks);
        set => lastSeenTicks = value?.UtcTicks ?? NotSeen;
    }

    public BehaviourLedger Behaviour
    {
        get => behaviour;
        set => behaviour = value ?? new BehaviourLedger();
    }

    /// <summary>Lifetime counters per event type, for display; rules read the same numbers through <c>count</c>, <c>sum</c>, ...</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, EventCounters> EventCounters =>
        behaviour.Types.ToDictionary(pair => pair.Key, pair => pair.Value.Counters(), StringComparer.Ordinal);

    /// <summary>
    /// Distinct purchase days and their values, kept only while a rule of the catalog reads a purchase forecast (see
    /// docs/forecasts.md); null otherwise.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PurchaseDays? Purchases { get; set; }

    // A field, so that the pool updates the hint in place.
    internal CacheHints CacheHints;

    /// <summary>Sets the given attributes; a null value removes the attribute.</summary>
    public void MergeProfile(IEnumerable<KeyValuePair<string, RuleValue>> attributes) => profile = profile.Merge(attributes);

    /// <summary>Replaces the whole profile with the given attributes.</summary>
    public void ReplaceProfile(IEnumerable<KeyValuePair<string, RuleValue>> attributes) => profile = ProfileAttributes.From(attributes);

    /// <summary>
    /// Makes facts read from storage hold the process's shared instances of event type names, as facts built by
    /// <see cref="Record"/> do, instead of a copy of each name per customer. Profile names are shared as they are read.
    /// </summary>
    public void ShareNames() => behaviour.ShareNames();

    /// <summary>
    /// Records one event. <paramref name="catalog"/> decides what is kept beyond the lifetime counters every event type
    /// gets: which event properties are retained, which derived counters are maintained and how far back raw events
    /// are kept (see docs/rules.md, "Memory bound"). Events may arrive in any order; their timestamps decide.
    /// </summary>
    public void Record(BehaviourEvent e, SegmentCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(e.Type, nameof(e));
        var ticks = e.Timestamp.UtcTicks;
        if (firstSeenTicks == NotSeen || ticks < firstSeenTicks)
        {
            firstSeenTicks = ticks;
        }

        if (ticks > lastSeenTicks)
        {
            lastSeenTicks = ticks;
        }

        RecordPurchase(e, catalog.Plan.Purchases);
        behaviour.Record(e, catalog.Plan, lastSeenTicks);
    }

    /// <summary>
    /// Keeps the purchase days while the plan asks for them, starting from the ledger's history at the first purchase
    /// after a forecast rule appears, and drops them at the first event after no rule reads one any more.
    /// </summary>
    private void RecordPurchase(BehaviourEvent e, PurchaseDaysPlan? plan)
    {
        if (plan is null)
        {
            Purchases = null;
            return;
        }

        if (!string.Equals(e.Type, plan.EventType, StringComparison.Ordinal))
        {
            return;
        }

        var day = PurchaseDays.DayOf(e.Timestamp.UtcTicks);
        var value = PurchaseHistory.ReadValue(plan.ValueField, e.Value, e.Properties);
        Purchases ??= PurchaseHistory.Start(behaviour.Find(plan.EventType), plan.ValueField);
        if (Purchases is null)
        {
            Purchases = PurchaseDays.Starting(day, value);
        }
        else
        {
            Purchases.Add(day, value);
        }
    }

    /// <summary>
    /// The customer's purchase summary on <paramref name="now"/>'s day (UTC) in days, purchases being the events
    /// <paramref name="model"/> names: from the kept purchase days, or else from the lifetime counters and retained
    /// events (see docs/forecasts.md); null when the customer has not bought.
    /// </summary>
    public PurchaseSummary? SummarisePurchases(PurchaseForecastModel model, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(model);
        return PurchaseHistory.TrySummarise(this, new PurchaseDaysPlan(model.EventType, model.ValueField), PurchaseDays.DayOf(now.UtcTicks), out var summary)
            ? summary
            : null;
    }

    private static DateTimeOffset? FromTicks(long ticks) => ticks == NotSeen ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
