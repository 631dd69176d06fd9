using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using System.Collections.Immutable;
using Personalization.Rules;
using Personalization.Segments;

namespace Personalization.Customers;

/// <remarks>
/// Reentrant so that events arriving while a write is in flight are recorded at once and committed together
/// by the next write (<see cref="GroupCommit"/>). Every state change happens in a synchronous stretch of code,
/// so interleaving at awaits cannot tear it.
/// </remarks>
[Reentrant]
internal sealed class CustomerGrain : Grain, ICustomerGrain
{
    private readonly IPersistentState<CustomerState> state;
    private readonly SegmentCatalogCache catalogs;
    private readonly TimeProvider time;
    private readonly CustomerStateOptions options;
    private readonly GroupCommit commit;
    private RecentEventIds eventIds = new([]);
    private SegmentCatalog catalog = SegmentCatalog.Empty;

    // Reused between evaluations so the hot path does not allocate.
    private bool[] matches = [];

    private ImmutableArray<string> segments = [];

    public CustomerGrain(
        [PersistentState("customer", StorageNames.Customers)] IPersistentState<CustomerState> state,
        SegmentCatalogCache catalogs,
        [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time,
        IOptions<CustomerStateOptions> options)
    {
        this.state = state;
        this.catalogs = catalogs;
        this.time = time;
        this.options = options.Value;
        commit = new GroupCommit(WriteAsync);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await catalogs.WaitUntilLoadedAsync(cancellationToken);
        segments = [.. state.State.Segments];
        eventIds = new RecentEventIds(state.State.RecentEventIds);
        if (options.Durability == DurabilityMode.Buffered)
        {
            this.RegisterGrainTimer(
                _ => commit.HasPendingChanges ? commit.FlushAsync() : Task.CompletedTask,
                new GrainTimerCreationOptions(options.FlushInterval, options.FlushInterval) { KeepAlive = false });
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => commit.FlushAsync();

    public Task<TrackOutcome> TrackAsync(TrackedEvent trackedEvent) => TrackManyAsync([trackedEvent]);

    public async Task<TrackOutcome> TrackManyAsync(ImmutableArray<TrackedEvent> trackedEvents)
    {
        var before = segments;
        var duplicates = 0;
        foreach (var trackedEvent in trackedEvents)
        {
            if (trackedEvent.EventId is { } eventId && !eventIds.TryAdd(eventId))
            {
                duplicates++;
                continue;
            }

            Record(trackedEvent.Event);
        }

        if (duplicates == trackedEvents.Length)
        {
            return new TrackOutcome(Diff(before), duplicates);
        }

        return new TrackOutcome(await PersistAsync(Diff(before)), duplicates);
    }

    public ValueTask<ImmutableArray<string>> GetSegmentsAsync()
    {
        if (!ReferenceEquals(catalog, catalogs.Current))
        {
            Evaluate();
        }

        return ValueTask.FromResult(segments);
    }

    public Task<CustomerSnapshot> GetSnapshotAsync()
    {
        if (!ReferenceEquals(catalog, catalogs.Current))
        {
            Evaluate();
        }

        var facts = state.State.Facts;
        var counters = facts.LifetimeSummaries.ToImmutableDictionary(
            pair => pair.Key,
            pair => new EventCounters(
                pair.Value.Count, pair.Value.Sum, pair.Value.Average, pair.Value.Min, pair.Value.Max,
                pair.Value.LastValue, pair.Value.FirstAt, pair.Value.LastAt));
        return Task.FromResult(new CustomerSnapshot(
            this.GetPrimaryKeyString(),
            facts.Profile.ToImmutableDictionary(),
            counters,
            segments,
            facts.FirstSeen,
            facts.LastSeen));
    }

    public async Task<SegmentChange> ReplaceProfileAsync(ImmutableDictionary<string, RuleValue> attributes)
    {
        var before = segments;
        state.State.Facts.Profile = new Dictionary<string, RuleValue>(attributes);
        Evaluate();
        return await PersistAsync(Diff(before));
    }

    public async Task<SegmentChange> MergeProfileAsync(ImmutableDictionary<string, RuleValue> attributes)
    {
        var before = segments;
        var profile = state.State.Facts.Profile;
        foreach (var (name, value) in attributes)
        {
            if (value.Kind == RuleValueKind.Null)
            {
                profile.Remove(name);
            }
            else
            {
                profile[name] = value;
            }
        }

        Evaluate();
        return await PersistAsync(Diff(before));
    }

    public async Task EraseAsync()
    {
        // A write still in flight would otherwise land after the clear and resurrect the customer.
        await commit.FlushAsync();
        await state.ClearStateAsync();
        state.State = new CustomerState();
        segments = [];
        eventIds = new RecentEventIds(state.State.RecentEventIds);
        DeactivateOnIdle();
    }

    private void Record(BehaviourEvent behaviourEvent)
    {
        var current = catalogs.Current;
        state.State.Facts.Record(behaviourEvent, current);
        Evaluate();
    }

    private void Evaluate()
    {
        var current = catalogs.Current;
        if (!ReferenceEquals(catalog, current))
        {
            catalog = current;
            matches = new bool[current.SegmentIds.Count];
        }

        current.Evaluate(state.State.Facts, time.GetUtcNow(), matches);
        if (!MatchesEqualSegments())
        {
            var ids = current.SegmentIds;
            var builder = ImmutableArray.CreateBuilder<string>();
            for (var i = 0; i < matches.Length; i++)
            {
                if (matches[i])
                {
                    builder.Add(ids[i]);
                }
            }

            segments = builder.ToImmutable();
        }
    }

    // Membership rarely changes, so compare in place before building a new array.
    private bool MatchesEqualSegments()
    {
        var ids = catalog.SegmentIds;
        var position = 0;
        for (var i = 0; i < matches.Length; i++)
        {
            if (!matches[i])
            {
                continue;
            }

            if (position >= segments.Length || !string.Equals(segments[position], ids[i], StringComparison.Ordinal))
            {
                return false;
            }

            position++;
        }

        return position == segments.Length;
    }

    // The answer is computed before the write is awaited: events interleaved meanwhile must not leak into it.
    private async Task<SegmentChange> PersistAsync(SegmentChange change)
    {
        if (options.Durability == DurabilityMode.Acknowledged)
        {
            await commit.CommitAsync();
        }
        else
        {
            commit.MarkChanged();
        }

        return change;
    }

    private Task WriteAsync()
    {
        state.State.Segments = [.. segments];
        return state.WriteStateAsync();
    }

    private SegmentChange Diff(ImmutableArray<string> before)
    {
        if (before == segments)
        {
            return new SegmentChange(segments, [], []);
        }

        var entered = segments.Except(before, StringComparer.Ordinal).ToImmutableArray();
        var exited = before.Except(segments, StringComparer.Ordinal).ToImmutableArray();
        return new SegmentChange(segments, entered, exited);
    }
}
