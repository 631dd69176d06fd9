using System.Collections.Immutable;
using Orleans.Concurrency;
using Orleans.Core;
using Personalization.Persistence;

namespace Personalization.Customers;

/// <summary>
/// Keeps a count and a bounded uniform sample (reservoir sampling) rather than every id: previews and the purchase
/// models' fits need a sample, and a shard must stay small whatever the number of customers, because it is written on
/// each first store of a customer. The sample is stored in pages of <see cref="SamplePageSize"/> ids, the first in the
/// shard's own state and each other in a state of its own, so a registration writes the count and the one page its id
/// landed in, never the whole sample.
/// </summary>
/// <remarks>Reentrant so that registrations arriving during a write share the next one (<see cref="GroupCommit"/>).</remarks>
[Reentrant]
internal sealed class CustomerDirectoryGrain : Grain, ICustomerDirectoryGrain
{
    public const int SamplePageSize = 1024;

    /// <summary>Pages per shard: 16 shards of 7 pages hold 114,688 ids, enough for a fit's default 100,000.</summary>
    public const int SamplePages = 7;

    public const int SampleCapacity = SamplePageSize * SamplePages;

    private readonly IPersistentState<CustomerDirectoryState> state;
    private readonly IPersistentState<CustomerSamplePage>[] morePages;
    /// <summary>Which of <see cref="morePages"/> changed since the last write (the first page is in the shard's own state, written every time).</summary>
    private readonly bool[] changedPages = new bool[SamplePages - 1];
    private readonly GroupCommit commit;

    public CustomerDirectoryGrain(
        [PersistentState("customer-directory", StorageNames.Membership)] IPersistentState<CustomerDirectoryState> state,
        IPersistentStateFactory stateFactory,
        IGrainContext grainContext)
    {
        this.state = state;
        morePages = Enumerable.Range(1, SamplePages - 1)
            .Select(page => stateFactory.Create<CustomerSamplePage>(grainContext, new PersistentStateAttribute($"customer-directory-sample-{page}", StorageNames.Membership)))
            .ToArray();
        commit = new GroupCommit(new PagedStorage(this));
    }

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
        for (var page = 0; page < SamplePages; page++)
        {
            if (Page(page).Remove(customerId))
            {
                MarkChanged(page);
                break;
            }
        }

        return commit.CommitAsync();
    }

    public Task<ImmutableArray<string>> SampleAsync(int count)
    {
        var sample = Enumerable.Range(0, SamplePages).SelectMany(Page).ToArray();
        Random.Shared.Shuffle(sample);
        return Task.FromResult(sample.Take(count).ToImmutableArray());
    }

    public Task<int> CountAsync() => Task.FromResult(state.State.Count);

    private List<string> Page(int page) => page == 0 ? state.State.Sample : morePages[page - 1].State.Ids;

    private void MarkChanged(int page)
    {
        if (page > 0)
        {
            changedPages[page - 1] = true;
        }
    }

    private void Add(string customerId)
    {
        var directory = state.State;
        directory.Count++;
        directory.Registrations++;
        // Until every page is full (an erasure frees a place), an id joins the first page with room.
        for (var page = 0; page < SamplePages; page++)
        {
            if (Page(page).Count < SamplePageSize)
            {
                Page(page).Add(customerId);
                MarkChanged(page);
                return;
            }
        }

        // A full reservoir keeps the id with probability capacity / registrations, in place of a uniformly drawn one.
        if (Random.Shared.NextInt64(directory.Registrations) is var slot && slot < SampleCapacity)
        {
            var page = (int)(slot / SamplePageSize);
            Page(page)[(int)(slot % SamplePageSize)] = customerId;
            MarkChanged(page);
        }
    }

    /// <summary>Writes the pages changed since the last write and the shard's own state (count and first page) side by side.</summary>
    private sealed class PagedStorage(CustomerDirectoryGrain directory) : IStorage
    {
        public string? Etag => directory.state.Etag;

        public bool RecordExists => directory.state.RecordExists;

        public async Task WriteStateAsync()
        {
            var pages = new List<int>(1);
            var writes = new List<Task>(2) { directory.state.WriteStateAsync() };
            for (var page = 0; page < directory.morePages.Length; page++)
            {
                if (directory.changedPages[page])
                {
                    // Cleared as the write starts: a change during it marks the page again for the write that follows.
                    directory.changedPages[page] = false;
                    pages.Add(page);
                    writes.Add(directory.morePages[page].WriteStateAsync());
                }
            }

            try
            {
                await Task.WhenAll(writes);
            }
            catch
            {
                // The pages' changes stay in memory for the next write, as the count's do.
                foreach (var page in pages)
                {
                    directory.changedPages[page] = true;
                }

                throw;
            }
        }

        public Task ReadStateAsync() => throw new NotSupportedException("A directory shard is read at activation.");

        public Task ClearStateAsync() => throw new NotSupportedException("A directory shard is never cleared.");
    }
}
