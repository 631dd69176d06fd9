using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Campaigns.Reports;
using Personalization.Campaigns.Statistics;
using Personalization.Timing;

namespace Personalization.Campaigns.Experiments;

/// <summary>
/// Keeps a bandit campaign's shares in memory and recomputes them by Thompson sampling from the summed report shards
/// (variants' conversions and exposures) once per update interval. Lost shares are recomputed at once, so nothing is stored.
/// </summary>
internal sealed class CampaignBanditGrain([FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time) : Grain, ICampaignBanditGrain
{
    private ImmutableArray<string> variants = [];
    private ImmutableArray<double> shares;
    private DateTimeOffset computedAt;

    public async Task<ImmutableArray<double>> GetSharesAsync(ImmutableArray<string> requested, TimeSpan updateInterval)
    {
        var now = time.GetUtcNow();
        if (!shares.IsDefault && variants.SequenceEqual(requested) && now - computedAt < updateInterval)
        {
            return shares;
        }

        var campaignId = this.GetPrimaryKeyString();
        var counts = await ReportCounts.ReadAsync(GrainFactory, campaignId);
        var arms = requested.Select(id => counts.Variants.GetValueOrDefault(id) ?? VariantCounts.Zero).Select(c => (c.Conversions, c.Exposures)).ToList();
        shares = [.. ThompsonSampling.Allocate(arms, Random.Shared)];
        variants = requested;
        computedAt = now;
        return shares;
    }
}
