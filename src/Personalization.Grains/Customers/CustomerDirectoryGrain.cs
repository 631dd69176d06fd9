using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Personalization.Customers;

public sealed class CustomerDirectoryState
{
    public HashSet<string> CustomerIds { get; set; } = new(StringComparer.Ordinal);
}

/// <remarks>Reentrant so that registrations arriving during a write share the next one (<see cref="GroupCommit"/>).</remarks>
[Reentrant]
internal sealed class CustomerDirectoryGrain(
    [PersistentState("customer-directory", StorageNames.Membership)] IPersistentState<CustomerDirectoryState> state)
    : Grain, ICustomerDirectoryGrain
{
    private readonly GroupCommit commit = new(state.WriteStateAsync);

    public Task RegisterAsync(string customerId) =>
        state.State.CustomerIds.Add(customerId) ? commit.CommitAsync() : Task.CompletedTask;

    public Task UnregisterAsync(string customerId) =>
        state.State.CustomerIds.Remove(customerId) ? commit.CommitAsync() : Task.CompletedTask;

    public Task<ImmutableArray<string>> SampleAsync(int count)
    {
        // Reservoir sampling: one pass, no copy of the whole set.
        var sample = new List<string>(count);
        var seen = 0;
        foreach (var id in state.State.CustomerIds)
        {
            seen++;
            if (sample.Count < count)
            {
                sample.Add(id);
            }
            else if (Random.Shared.Next(seen) is var slot && slot < count)
            {
                sample[slot] = id;
            }
        }

        return Task.FromResult(sample.ToImmutableArray());
    }

    public Task<int> CountAsync() => Task.FromResult(state.State.CustomerIds.Count);
}
