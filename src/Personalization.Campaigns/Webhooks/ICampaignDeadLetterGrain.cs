using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Personalization.Campaigns;

/// <summary>Webhook deliveries of one campaign that were given up on, newest kept; keyed by campaign id.</summary>
public interface ICampaignDeadLetterGrain : IGrainWithStringKey
{
    Task AddAsync(WebhookDeadLetter letter);

    /// <summary>The newest <paramref name="limit"/> dead letters, newest first.</summary>
    [ReadOnly]
    Task<ImmutableArray<WebhookDeadLetter>> GetAsync(int limit);
}

/// <param name="StatusCode">The receiver's last answer; null when it never answered (refused, timed out) or was never tried.</param>
/// <param name="Body">The JSON body that was to be delivered, so it can be replayed by hand.</param>
[GenerateSerializer, Immutable]
public sealed record WebhookDeadLetter(
    [property: Id(0)] string DeliveryId,
    [property: Id(1)] string OfferId,
    [property: Id(2)] string CustomerId,
    [property: Id(3)] string Url,
    [property: Id(4)] int Attempts,
    [property: Id(5)] int? StatusCode,
    [property: Id(6)] string Error,
    [property: Id(7)] DateTimeOffset FailedAt,
    [property: Id(8)] string Body);

public sealed class CampaignDeadLetterState
{
    public List<WebhookDeadLetter> Letters { get; set; } = [];
}

internal sealed class CampaignDeadLetterGrain(
    [PersistentState("campaign-dead-letters", StorageNames.Catalog)] IPersistentState<CampaignDeadLetterState> state) : Grain, ICampaignDeadLetterGrain
{
    public async Task AddAsync(WebhookDeadLetter letter)
    {
        var letters = state.State.Letters;
        letters.Add(letter);
        if (letters.Count > CampaignLimits.MaxDeadLettersKept)
        {
            letters.RemoveRange(0, letters.Count - CampaignLimits.MaxDeadLettersKept);
        }

        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<WebhookDeadLetter>> GetAsync(int limit) =>
        Task.FromResult(state.State.Letters.AsEnumerable().Reverse().Take(limit).ToImmutableArray());
}
