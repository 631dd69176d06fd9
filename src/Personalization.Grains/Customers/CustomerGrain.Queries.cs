using System.Collections.Immutable;
using Personalization.Forecasts;
using Personalization.Rules;
using Personalization.Segments;

namespace Personalization.Customers;

/// <summary>Questions about the customer that change nothing: a draft rule's answer, a sum over recent events.</summary>
internal sealed partial class CustomerGrain
{
    public Task<bool> MatchesDraftAsync(string rule)
    {
        if (Forward is { } customer)
        {
            return customer.MatchesDraftAsync(rule);
        }

        var withDraft = services.Catalogs.CompileWithDraft(rule);
        var draftMatches = new bool[withDraft.SegmentIds.Count];
        withDraft.Evaluate(state.State.Facts, services.Time.GetUtcNow(), draftMatches);

        // Compilation may order segments by their in_segment dependencies, so the draft is looked up by id.
        var ids = withDraft.SegmentIds;
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] == SegmentCatalogCache.DraftSegmentId)
            {
                return Task.FromResult(draftMatches[i]);
            }
        }

        throw new InvalidOperationException("The compiled preview catalog lost its draft segment.");
    }

    public Task<PurchaseSummaryReading?> GetPurchaseSummaryAsync()
    {
        if (Forward is { } customer)
        {
            return customer.GetPurchaseSummaryAsync();
        }

        var summary = state.State.Facts.SummarisePurchases(services.Catalogs.Current.Forecasts, services.Time.GetUtcNow());
        return Task.FromResult(summary is { } s ? new PurchaseSummaryReading(s.Frequency, s.Recency, s.Age, s.MeanRepeatValue) : null);
    }

    public Task<double> SumOfValuesAsync(string eventType, DateTimeOffset from, DateTimeOffset to)
    {
        if (Forward is { } customer)
        {
            return customer.SumOfValuesAsync(eventType, from, to);
        }

        var sum = 0.0;
        if (state.State.Facts.Behaviour.Types.TryGetValue(eventType, out var ledger))
        {
            foreach (var retained in ledger.Recent.Span)
            {
                if (retained.UtcTicks >= from.UtcTicks && retained.UtcTicks < to.UtcTicks && retained.Value is { } value)
                {
                    sum += value;
                }
            }
        }

        return Task.FromResult(sum);
    }

    public Task<ImmutableArray<RecentEvent>> GetRecentEventsAsync(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, ICustomerTimelineGrain.MaxRecentEvents);
        if (Forward is { } customer)
        {
            return customer.AsReference<ICustomerTimelineGrain>().GetRecentEventsAsync(limit);
        }

        // Each type's ledger is oldest first; the newest of all types are the newest of each type's last ones.
        var newest = new List<RecentEvent>();
        foreach (var (type, ledger) in state.State.Facts.Behaviour.Types)
        {
            var retained = ledger.Recent.Span;
            for (var i = retained.Length - 1; i >= Math.Max(0, retained.Length - limit); i--)
            {
                var e = retained[i];
                newest.Add(new RecentEvent(type, e.Timestamp, e.Value, e.SessionId, e.Properties?.ToImmutableDictionary(StringComparer.Ordinal) ?? ImmutableDictionary<string, RuleValue>.Empty));
            }
        }

        return Task.FromResult(newest.OrderByDescending(e => e.Timestamp).Take(limit).ToImmutableArray());
    }
}
