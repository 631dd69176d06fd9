using System.Collections.Immutable;

namespace Personalization.Campaigns.Experiments;

/// <summary>A bandit campaign's current allocation, keyed by campaign id; asked only when a customer is first exposed.</summary>
public interface ICampaignBanditGrain : IGrainWithStringKey
{
    /// <summary>Each variant's share of new customers, recomputed from the report when older than <paramref name="updateInterval"/>.</summary>
    Task<ImmutableArray<double>> GetSharesAsync(ImmutableArray<string> variants, TimeSpan updateInterval);
}
