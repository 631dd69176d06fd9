using System.Text.Json.Serialization;
using Personalization.Rules.Engine;

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

        behaviour.Record(e, catalog.Plan, lastSeenTicks);
    }

    private static DateTimeOffset? FromTicks(long ticks) => ticks == NotSeen ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
