using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Orleans.Streams;
using Orleans.Streams.Core;
using Personalization.Customers;
using Personalization.Persistence;
using Personalization.Timing;

namespace Personalization.Membership;

/// <summary>
/// Consumes one shard of one segment's membership stream and keeps its members and hourly counts. Only
/// membership changes reach it, never plain events, and a segment's load is spread over
/// <see cref="SegmentMembershipStreams.ShardCount"/> of these.
/// </summary>
[ImplicitStreamSubscription(SegmentMembershipStreams.Namespace)]
internal sealed class SegmentMembershipShardGrain(
    [FromKeyedServices(StorageNames.Membership)] IGrainStorage storage,
    [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time,
    IOptions<SegmentStatsOptions> options,
    IOptions<CustomerStateOptions> customers,
    ActiveCustomers activeCustomers)
    : Grain, ISegmentMembershipShardGrain, IAsyncObserver<SegmentMembershipChanged>, IStreamSubscriptionObserver
{
    private SegmentShardStore state = null!;
    private GroupCommit commit = null!;

    // Member lists keep the silo's one instance of an active customer's id instead of the copy each change carries.
    private readonly Func<string, string> sharedId = activeCustomers.SharedId;

    // Changes are applied in memory at once and written in the background: after a crash, stats may miss up to
    // WriteInterval of changes, but never reorder them. The first write comes at a random point of the interval so
    // that the shards of all segments, activated together, do not write together ever after. Where customers are
    // written only when their activation ends (in-memory storage), so are their shards: a periodic copy of every
    // member list would keep a second copy of them all in the process and serialize millions of ids every interval
    // for a store that dies with the process anyway.
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state = new SegmentShardStore(storage, this.GetGrainId());
        commit = new GroupCommit(state);
        await state.ReadStateAsync();
        if (state.ReadUnpagedMembers)
        {
            commit.MarkChanged();
        }

        if (customers.Value.Durability == DurabilityMode.OnDeactivation)
        {
            return;
        }

        var interval = options.Value.WriteInterval;
        this.RegisterGrainTimer(
            () => commit.HasPendingChanges ? commit.FlushAsync() : Task.CompletedTask,
            new GrainTimerCreationOptions(interval * Random.Shared.NextDouble(), interval) { KeepAlive = false });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => commit.FlushAsync();

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<SegmentMembershipChanged>().ResumeAsync(this);

    public Task OnNextAsync(SegmentMembershipChanged item, StreamSequenceToken? token = null)
    {
        var members = state.Members;
        if (item.Entered)
        {
            if (!members.Enter(item.CustomerId, item.Sequence, sharedId, out var added))
            {
                return Task.CompletedTask;
            }

            Count(item.At).Entries += added ? 1 : 0;
        }
        else
        {
            if (!members.Exit(item.CustomerId, item.Sequence))
            {
                return Task.CompletedTask;
            }

            Count(item.At).Exits++;
        }

        commit.MarkChanged();
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public Task<SegmentShardStats> GetStatsAsync(DateTimeOffset since)
    {
        var first = UnixHour(since);
        var hours = state.State.Hours
            .Where(h => h.Key >= first)
            .Select(h => new HourlyMembershipChanges(DateTimeOffset.FromUnixTimeSeconds(h.Key * 3600), h.Value.Entries, h.Value.Exits))
            .ToImmutableArray();
        return Task.FromResult(new SegmentShardStats(state.Members.Count, hours));
    }

    public Task<ImmutableArray<string>> GetMembersAsync(string? afterCustomerId, int limit) =>
        Task.FromResult(state.Members.After(afterCustomerId, limit).ToImmutableArray());

    public async Task ClearAsync()
    {
        state.Forget();
        await commit.CommitAsync();
    }

    private HourCounts Count(DateTimeOffset at)
    {
        var hours = state.State.Hours;
        var hour = UnixHour(at);
        if (!hours.TryGetValue(hour, out var counts))
        {
            hours[hour] = counts = new HourCounts();
            var oldest = UnixHour(time.GetUtcNow()) - SegmentMembershipStreams.HistoryHours;
            while (hours.Count > 0 && hours.First().Key < oldest)
            {
                hours.Remove(hours.First().Key);
            }
        }

        return counts;
    }

    private static long UnixHour(DateTimeOffset at) => at.ToUnixTimeSeconds() / 3600;
}
