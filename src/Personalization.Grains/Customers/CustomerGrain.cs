using Microsoft.Extensions.DependencyInjection;
using System.Collections.Immutable;
using Personalization.Rules;
using Personalization.Segments;

namespace Personalization.Customers;

internal sealed class CustomerGrain(
    [PersistentState("customer", StorageNames.Customers)] IPersistentState<CustomerState> state,
    SegmentCatalogCache catalogs,
    [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time) : Grain, ICustomerGrain
{
    private SegmentCatalog catalog = SegmentCatalog.Empty;

    // Reused between evaluations so the hot path does not allocate.
    private bool[] matches = [];

    private ImmutableArray<string> segments = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await catalogs.WaitUntilLoadedAsync(cancellationToken);
        segments = [.. state.State.Segments];
    }

    public async Task<SegmentChange> TrackAsync(BehaviourEvent behaviourEvent)
    {
        var before = segments;
        Record(behaviourEvent);
        await PersistAsync();
        return Diff(before);
    }

    public async Task<SegmentChange> TrackManyAsync(ImmutableArray<BehaviourEvent> behaviourEvents)
    {
        var before = segments;
        foreach (var behaviourEvent in behaviourEvents)
        {
            Record(behaviourEvent);
        }

        await PersistAsync();
        return Diff(before);
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
        await PersistAsync();
        return Diff(before);
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
        await PersistAsync();
        return Diff(before);
    }

    public async Task EraseAsync()
    {
        await state.ClearStateAsync();
        state.State = new CustomerState();
        segments = [];
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

    private Task PersistAsync()
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
