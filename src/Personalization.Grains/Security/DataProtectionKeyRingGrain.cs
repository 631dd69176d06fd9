using System.Collections.Immutable;
using Personalization.Persistence;

namespace Personalization.Security;

internal sealed class DataProtectionKeyRingGrain(
    [PersistentState("data-protection-keys", StorageNames.Catalog)] IPersistentState<DataProtectionKeyRingState> state) : Grain, IDataProtectionKeyRingGrain
{
    public Task<ImmutableArray<string>> GetElementsAsync() => Task.FromResult(state.State.Elements.Values.ToImmutableArray());

    public async Task StoreElementAsync(string name, string xml)
    {
        state.State.Elements[name] = xml;
        await state.WriteStateAsync();
    }
}
