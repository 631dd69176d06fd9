using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Personalization.Campaigns.Webhooks;

/// <summary>Webhook deliveries of one campaign that were given up on, newest kept; keyed by campaign id.</summary>
public interface ICampaignDeadLetterGrain : IGrainWithStringKey
{
    Task AddAsync(WebhookDeadLetter letter);

    /// <summary>The newest <paramref name="limit"/> dead letters, newest first.</summary>
    [ReadOnly]
    Task<ImmutableArray<WebhookDeadLetter>> GetAsync(int limit);
}
