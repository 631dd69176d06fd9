using System.Collections.Immutable;
using Orleans.Concurrency;
using Personalization.Persistence;

namespace Personalization.Customers;

/// <summary>
/// Keeps a count and a bounded uniform sample (reservoir sampling) rather than every id: previews need a sample, and a
/// shard's state must stay small whatever the number of customers, because it is written on each first store of a
/// customer and a storage row is at most 1 MiB.
/// </summary>
/// <remarks>Reentrant so that registrations arriving during a write share the next one (<see cref="GroupCommit"/>).</remarks>
[Reentrant]
internal sealed class CustomerDirectoryGrain(
    [PersistentState("customer-directory", StorageNames.Membership)] IPersistentState<CustomerDirectoryState> state)
    : Grain, ICustomerDirectoryGrain
{
    /// <summary>Enough for the largest preview sample spread over the shards.</summary>
    public const int SampleCapacity = 1024;

    private readonly GroupCommit commit = new(state);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.CustomerIds is { } ids)
        {
            state.State.CustomerIds = null;
            foreach (var id in ids)
            {
                Add(id);
            }

            commit.MarkChanged();
        }

        return Task.CompletedTask;
    }

    public Task RegisterAsync(string customerId)
    {
        Add(customerId);
        return commit.CommitAsync();
    }

    public Task UnregisterAsync(string customerId)
    {
        state.State.Count = Math.Max(0, state.State.Count - 1);
        state.State.Sample.Remove(customerId);
        return commit.CommitAsync();
    }

    public Task<ImmutableArray<string>> SampleAsync(int count)
    {
        var sample = state.State.Sample.ToArray();
        Random.Shared.Shuffle(sample);
        return Task.FromResult(sample.Take(count).ToImmutableArray());
    }

    public Task<int> CountAsync() => Task.FromResult(state.State.Count);

    private void Add(string customerId)
    {
        var directory = state.State;
        directory.Count++;
        directory.Registrations++;
        if (directory.Sample.Count < SampleCapacity)
        {
            directory.Sample.Add(customerId);
        }
        else if (Random.Shared.NextInt64(directory.Registrations) is var slot && slot < SampleCapacity)
        {
            directory.Sample[(int)slot] = customerId;
        }
    }
}
