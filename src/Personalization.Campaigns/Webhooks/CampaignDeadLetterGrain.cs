using System.Collections.Immutable;
using Personalization.Persistence;

namespace Personalization.Campaigns.Webhooks;

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
