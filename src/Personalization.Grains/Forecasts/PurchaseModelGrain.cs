using Personalization.Persistence;

namespace Personalization.Forecasts;

internal sealed class PurchaseModelGrain(
    [PersistentState("purchase-model", StorageNames.Catalog)] IPersistentState<PurchaseModelState> state) : Grain, IPurchaseModelGrain
{
    public Task<PurchaseModelSnapshot?> GetAsync() => Task.FromResult(state.State.Current);

    public Task<PurchaseModelSnapshot?> GetIfChangedAsync(long knownVersion) =>
        Task.FromResult(state.State.Current is { } current && current.Version != knownVersion ? current : null);

    public async Task<PurchaseModelSnapshot> SaveAsync(PurchaseModelSnapshot fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var saved = fit with { Version = (state.State.Current?.Version ?? 0) + 1 };
        state.State.Current = saved;
        await state.WriteStateAsync();
        return saved;
    }
}
