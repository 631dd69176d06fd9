using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Orleans.Concurrency;
using Orleans.Core;
using Personalization.Diagnostics;
using Personalization.Identity;
using Personalization.Membership;
using Personalization.Persistence;
using Personalization.Rules;

namespace Personalization.Customers;

/// <summary>
/// One customer: receives its events and profile changes, records them in its facts, evaluates its segments, saves its
/// state as <see cref="DurabilityPolicy"/> says and publishes the membership changes.
/// </summary>
/// <remarks>
/// Reentrant so that events arriving while a write is in flight are recorded at once and committed together by the
/// next write (<see cref="GroupCommit"/>). Every state change happens in a synchronous stretch of code, so interleaving
/// at awaits cannot tear it.
/// </remarks>
[Reentrant]
internal sealed partial class CustomerGrain : Grain, ICustomerGrain, ICustomerIdentityGrain, ICustomerTimelineGrain
{
    /// <summary>The name the customer's state is stored under.</summary>
    internal const string StateName = "customer";

    private readonly CustomerGrainServices services;

    // Read and written through Orleans' own bridge, created here rather than injected as a [PersistentState] facet:
    // the facet subscribes every activation to a grain lifecycle of its own, objects held by every active customer, only
    // to load the state before OnActivateAsync, which does that itself.
    private readonly IStorage<CustomerState> state;
    private readonly DurabilityPolicy durability;

    // The segments the customer is in and the answers the next evaluation starts from.
    private MembershipEvaluation membership = new([]);

    // Membership changes not yet published; filled synchronously by Evaluate, handed to the publisher by Publish.
    // Created when a change happens: most active customers have none pending most of the time.
    private List<SegmentMembershipChanged>? unpublished;

    // Created at the first event id: most customers' events carry none.
    private RecentEventIds? eventIds;

    // This activation in the silo's table of active customers: the membership it shares for lookups and its booking in
    // the re-evaluation schedule.
    private ActiveCustomer? active;

    // Whether the directory counts this customer. Not the same as a stored row: Buffered and OnDeactivation modes
    // register a customer at its first change and write the row later.
    private bool registered;

    // When (Environment.TickCount) Orleans last counted a request of this activation, as far as events handed over
    // directly are concerned: its activation or the last event they left to a grain call.
    private int grainCallAtMs;

    public CustomerGrain(CustomerGrainServices services)
    {
        this.services = services;
        state = new StateStorageBridge<CustomerState>(StateName, GrainContext, services.Storage);
        durability = new DurabilityPolicy(state, this, services.Options);
    }

    private string CustomerId => this.GetPrimaryKeyString();

    private ICustomerDirectoryGrain Directory => GrainFactory.GetGrain<ICustomerDirectoryGrain>(ICustomerDirectoryGrain.ShardOf(CustomerId));

    private SegmentChange Unchanged => new(membership.Segments, [], []);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await services.Catalogs.WaitUntilLoadedAsync(cancellationToken);
        await state.ReadStateAsync(cancellationToken);
        if (state.State.Upgrade())
        {
            durability.MarkChanged();
        }

        // A stored row's names are fresh strings; a million active customers would otherwise hold a million copies each.
        state.State.Facts.ShareNames();
        membership = new MembershipEvaluation(ImmutableCollectionsMarshal.AsImmutableArray(state.State.Segments));
        registered = state.RecordExists;
        if (state.State.RecentEventIds is { Count: > 0 } storedIds)
        {
            eventIds = new RecentEventIds(storedIds);
        }

        if (state.State.Identity is { } identity && ActivateIdentity(identity))
        {
            return;
        }

        active = services.ActiveCustomers.Add(CustomerId, this);
        grainCallAtMs = Environment.TickCount;
        // The catalog or the clock may have moved while the customer was inactive.
        if (state.RecordExists)
        {
            var changed = Evaluate() is not null;
            Share();
            if (changed)
            {
                durability.MarkChanged();
                Publish();
            }
        }

        durability.SchedulePendingFlush();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (active is not null)
        {
            // First, so that events from this silo queued behind this turn go through Orleans, which holds them for
            // the next activation, instead of landing in a state already being written for the last time.
            active.Grain = null;
            services.ActiveCustomers.Remove(active);
            services.Schedule.Cancel(active);
        }

        Publish();
        await StorePendingAsync();
    }

    // ---- Receive: events through Orleans or straight from this silo, profile changes ----

    public Task<TrackOutcome> TrackAsync(TrackedEvent trackedEvent) => TrackManyAsync([trackedEvent]);

    public async Task<TrackOutcome> TrackManyAsync(ImmutableArray<TrackedEvent> trackedEvents)
    {
        if (AliasOf is { } customerId)
        {
            return await ForwardEventsAsync(customerId, trackedEvents);
        }

        var outcome = Track(trackedEvents);
        if (outcome.DuplicatesIgnored < trackedEvents.Length)
        {
            await SaveAsync();
        }
        else if (durability.WaitsForWrite)
        {
            // Every event was seen before, but a redelivery usually follows a failed answer: the first delivery may sit
            // in memory, its write (or the directory call before it) failed or still running. "Duplicate" is a promise
            // that the event is stored, so it waits for (or retries) the save that holds it, and fails as that save fails.
            await StorePendingAsync();
        }

        return outcome;
    }

    /// <summary>
    /// Events handed over by code on this silo (<see cref="CustomerEvents"/>) as a turn queued straight on this
    /// activation, without Orleans' request messages; null when they must go through Orleans instead.
    /// </summary>
    /// <remarks>
    /// Orleans does not count such a turn as a running request, so deactivation would not wait for one that awaited:
    /// only calls that finish synchronously are taken, which is every call once the customer is registered and its
    /// durability does not wait for a write. They are reentrant turns like any other of this grain. Orleans' idle
    /// collection does not see them, so one now and then is declined to become a grain call
    /// (<see cref="CustomerGrainServices.GrainCallIntervalMs"/>).
    /// </remarks>
    internal TrackOutcome? TryTrackFromThisSilo(ImmutableArray<TrackedEvent> trackedEvents)
    {
        if (active?.Grain != this || !registered || durability.WaitsForWrite)
        {
            return null;
        }

        var now = Environment.TickCount;
        if (unchecked(now - grainCallAtMs) >= services.GrainCallIntervalMs)
        {
            grainCallAtMs = now;
            return null;
        }

        var outcome = Track(trackedEvents);
        if (outcome.DuplicatesIgnored < trackedEvents.Length)
        {
            SaveWithoutWaiting();
        }

        return outcome;
    }

    public Task<SegmentChange> ReplaceProfileAsync(ImmutableDictionary<string, RuleValue> attributes)
    {
        if (Forward is { } customer)
        {
            return customer.ReplaceProfileAsync(attributes);
        }

        state.State.Facts.ReplaceProfile(attributes);
        return ProfileChangedAsync();
    }

    public Task<SegmentChange> MergeProfileAsync(ImmutableDictionary<string, RuleValue> attributes)
    {
        if (Forward is { } customer)
        {
            return customer.MergeProfileAsync(attributes);
        }

        state.State.Facts.MergeProfile(attributes);
        return ProfileChangedAsync();
    }

    private async Task<SegmentChange> ProfileChangedAsync()
    {
        var change = Evaluate() ?? Unchanged;
        Share();
        Notify([], change);
        await SaveAsync();
        return change;
    }

    // ---- Record: the events not seen before go into the customer's facts ----

    /// <summary>Records the events not seen before, evaluates once, and tells listeners; the caller saves.</summary>
    private TrackOutcome Track(ImmutableArray<TrackedEvent> trackedEvents)
    {
        List<TrackedEvent>? recorded = null;
        string? recordedType = null;
        var mixedTypes = false;
        var duplicates = 0;
        for (var i = 0; i < trackedEvents.Length; i++)
        {
            var trackedEvent = trackedEvents[i];
            if (trackedEvent.EventId is { } eventId && !(eventIds ??= new RecentEventIds(state.State.RecentEventIds ??= [])).TryAdd(eventId))
            {
                // The events recorded are listed only once one is not: most calls record every event they bring.
                recorded ??= [.. trackedEvents[..i]];
                duplicates++;
                continue;
            }

            recorded?.Add(trackedEvent);
            state.State.Facts.Record(trackedEvent.Event, services.Catalogs.Current);
            var type = trackedEvent.Event.Type;
            mixedTypes |= recordedType is not null && !string.Equals(recordedType, type, StringComparison.Ordinal);
            recordedType = type;
        }

        if (duplicates == trackedEvents.Length)
        {
            return new TrackOutcome(Unchanged, duplicates);
        }

        // One evaluation per call: entries and exits are those of the call as a whole, as its answer reports them,
        // so a segment entered and left within one batch is neither. Events of one type can skip the segments that
        // do not read it however many were recorded; mixed types need every segment.
        var change = Evaluate(mixedTypes ? null : recordedType) ?? Unchanged;
        Share();
        EngineMetrics.EventsIngested.Add(trackedEvents.Length - duplicates);
        Notify(recorded is null ? trackedEvents : [.. recorded], change);
        return new TrackOutcome(change, duplicates);
    }

    // ---- Evaluate: segment membership from the facts, kept current for lookups ----

    /// <summary>
    /// Evaluates the customer's segments (<see cref="MembershipEvaluation"/>); when membership changed, stores it, queues
    /// the changes for publishing and returns them, else null.
    /// </summary>
    /// <param name="recordedEventType">The type of the one event recorded since the last evaluation, if that is all that changed.</param>
    private SegmentChange? Evaluate(string? recordedEventType = null)
    {
        recordedEventType = TakePopulationStale() ? null : recordedEventType;
        var now = services.Time.GetUtcNow();
        var catalog = services.Catalogs.Current;
        evaluatedPopulation = catalog.Population.Current;
        var change = membership.Evaluate(catalog, state.State.Facts, now, recordedEventType);
        BookNextChange();
        if (change is null)
        {
            return null;
        }

        // Neither side ever changes the array, so the stored membership and the live one share it.
        state.State.Segments = ImmutableCollectionsMarshal.AsArray(change.Segments)!;
        foreach (var entered in change.Entered)
        {
            EngineMetrics.SegmentEntries.Add(1, new KeyValuePair<string, object?>("segment", entered));
            Unpublished.Add(new SegmentMembershipChanged(entered, CustomerId, Entered: true, now, ++state.State.MembershipSequence));
        }

        foreach (var exited in change.Exited)
        {
            EngineMetrics.SegmentExits.Add(1, new KeyValuePair<string, object?>("segment", exited));
            Unpublished.Add(new SegmentMembershipChanged(exited, CustomerId, Entered: false, now, ++state.State.MembershipSequence));
        }

        return change;
    }

    /// <summary>
    /// Books a re-evaluation for the next instant a rule can change with no new event, so exits such as the end of a
    /// cart-abandonment hour happen on time.
    /// </summary>
    private void BookNextChange()
    {
        if (membership.NextChangeTicks != long.MaxValue)
        {
            services.Schedule.Book(active!, new DateTimeOffset(membership.NextChangeTicks, TimeSpan.Zero));
        }
    }

    /// <summary>
    /// Lets lookups on this silo read the membership without a grain call while it holds. Called after every
    /// evaluation; allocates only when the answer changed.
    /// </summary>
    private void Share()
    {
        SharePopulationValues();
        MarkIfPopulationMoved();
        if (active!.Membership is { } last
            && last.Segments == membership.Segments
            && ReferenceEquals(last.Catalog, membership.Catalog)
            && last.ValidUntilUtcTicks == membership.NextChangeTicks)
        {
            return;
        }

        active.Membership = new CustomerMembership(membership.Segments, membership.Catalog, membership.NextChangeTicks);
    }

    private bool IsStale() => membership.IsStale(services.Catalogs.Current, services.Time.GetUtcNow().UtcTicks) || IsPopulationStale;

    /// <summary>Lookups must be right at read time even if the catalog changed or a window slid since the last evaluation.</summary>
    private async ValueTask EnsureCurrentAsync()
    {
        if (!IsStale())
        {
            return;
        }

        var changed = Evaluate() is not null;
        Share();

        // A visitor that was only looked up is not stored; its changes are published when it first is.
        if (changed && registered)
        {
            await SaveAsync();
        }
    }

    public async Task ReevaluateAsync()
    {
        if (AliasOf is not null)
        {
            return;
        }

        // A paced catalog pass may reach a customer that an event or a lookup already brought up to date, and a
        // booking kept short of the next change (see ReevaluationSchedule.Book) finds nothing to do but book again.
        if (!IsStale())
        {
            BookNextChange();
            return;
        }

        var change = Evaluate();
        Share();
        if (change is not null)
        {
            Notify([], change);
            await SaveAsync();
        }
    }

    public async ValueTask<ImmutableArray<string>> GetSegmentsAsync()
    {
        if (Forward is { } customer)
        {
            return await customer.GetSegmentsAsync();
        }

        await EnsureCurrentAsync();
        return membership.Segments;
    }

    public async Task<CustomerSnapshot> GetSnapshotAsync()
    {
        if (Forward is { } customer)
        {
            return await customer.GetSnapshotAsync();
        }

        await EnsureCurrentAsync();
        var facts = state.State.Facts;
        return new CustomerSnapshot(
            CustomerId, facts.Profile.ToImmutableDictionary(), facts.EventCounters.ToImmutableDictionary(), membership.Segments, facts.FirstSeen, facts.LastSeen);
    }

    // ---- Save: the directory counts the customer, then the durability policy writes ----

    private async Task SaveAsync()
    {
        // Pending before anything is awaited: the change is already in memory, where a resend finds its event id, so if
        // the directory call below fails, the next save, a duplicate's wait or the activation's end must still write it.
        // At a failover both happen together: the directory shard may have lived on the dead silo, and the survivors
        // deactivate every activation whose grain-directory entry that silo held.
        durability.MarkChanged();
        await RegisterAsync();
        Publish();
        await durability.SaveAsync();
    }

    /// <summary>Writes every pending change, registering first a customer whose first save failed before its write.</summary>
    private async Task StorePendingAsync()
    {
        if (durability.HasPendingChanges)
        {
            await RegisterAsync();
        }

        await durability.FlushAsync();
    }

    private async Task RegisterAsync()
    {
        if (!registered)
        {
            await Directory.RegisterAsync(CustomerId);
            registered = true;
        }
    }

    /// <summary>The save of a registered customer whose durability does not wait for the write.</summary>
    private void SaveWithoutWaiting()
    {
        Publish();
        durability.Save();
    }

    // ---- Publish: membership changes to the segment shards, activity to listeners ----

    private List<SegmentMembershipChanged> Unpublished => unpublished ??= [];

    /// <summary>Queues an exit from every segment the customer is in, for an id whose facts go away.</summary>
    private void QueueExitFromEverySegment()
    {
        foreach (var segmentId in membership.Segments)
        {
            Unpublished.Add(new SegmentMembershipChanged(segmentId, CustomerId, Entered: false, services.Time.GetUtcNow(), ++state.State.MembershipSequence));
        }
    }

    /// <summary>
    /// Hands queued membership changes to the silo's publisher, which never makes the caller wait or fail for a full
    /// stream queue: the customer's own state is already right, only stats and campaigns may lag.
    /// </summary>
    private void Publish()
    {
        if (unpublished is null)
        {
            return;
        }

        foreach (var change in unpublished)
        {
            services.Publisher.Enqueue(change);
        }

        // Segment changes are rare next to events, so the list goes rather than every active customer keeping one.
        unpublished = null;
    }

    private void Notify(ImmutableArray<TrackedEvent> recorded, SegmentChange change)
    {
        if (services.Listeners.Length == 0 || (recorded.IsEmpty && change.Entered.IsEmpty && change.Exited.IsEmpty))
        {
            return;
        }

        var activity = new CustomerActivity(CustomerId, recorded, change.Entered, change.Exited, change.Segments, services.Time.GetUtcNow());
        foreach (var listener in services.Listeners)
        {
            listener.OnActivity(activity);
        }
    }
}
