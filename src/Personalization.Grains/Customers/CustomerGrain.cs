using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Orleans.Concurrency;
using Orleans.Core;
using Personalization.Identity;
using Personalization.Membership;
using Personalization.Rules;
using Personalization.Segments;

namespace Personalization.Customers;

/// <remarks>
/// Reentrant so that events arriving while a write is in flight are recorded at once and committed together
/// by the next write (<see cref="GroupCommit"/>). Every state change happens in a synchronous stretch of code,
/// so interleaving at awaits cannot tear it.
/// </remarks>
[Reentrant]
internal sealed partial class CustomerGrain : Grain, ICustomerGrain, ICustomerIdentityGrain
{
    /// <summary>The name the customer's state is stored under, as the facet it replaces named it.</summary>
    internal const string StateName = "customer";

    private readonly CustomerGrainServices services;

    // Read and written through Orleans' own bridge, created here rather than injected as a [PersistentState] facet:
    // the facet subscribes every activation to a grain lifecycle of its own (about 330 bytes per active customer) only
    // to load the state before OnActivateAsync, which does that itself.
    private readonly IStorage<CustomerState> state;
    private readonly GroupCommit commit;

    // Membership changes not yet published; filled synchronously by Evaluate, handed to the publisher by Publish.
    // Created when a change happens: most active customers have none pending most of the time.
    private List<SegmentMembershipChanged>? unpublished;
    private SegmentCatalog catalog = SegmentCatalog.Empty;

    // The previous evaluation's answers, which the evaluation after an event starts from.
    private SegmentMatchBits matches;
    private ImmutableArray<string> segments = [];

    // Created at the first event id: most customers' events carry none.
    private RecentEventIds? eventIds;

    // When (UTC ticks) a window edge or a recency threshold can next change a rule's value with no new event;
    // long.MaxValue when none can.
    private long nextChangeTicks = long.MaxValue;

    // Buffered mode's one-shot write timer, created on the first change, and whether it is armed.
    private IGrainTimer? flushTimer;
    private bool flushArmed;

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
        commit = new GroupCommit(state);
    }

    private string CustomerId => this.GetPrimaryKeyString();

    private ICustomerDirectoryGrain Directory => GrainFactory.GetGrain<ICustomerDirectoryGrain>(ICustomerDirectoryGrain.ShardOf(CustomerId));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await services.Catalogs.WaitUntilLoadedAsync(cancellationToken);
        await state.ReadStateAsync(cancellationToken);
        if (state.State.Upgrade())
        {
            commit.MarkChanged();
        }

        // A stored row's names are fresh strings; a million active customers would otherwise hold a million copies each.
        state.State.Facts.ShareNames();
        segments = ImmutableCollectionsMarshal.AsImmutableArray(state.State.Segments);
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
                commit.MarkChanged();
                Publish();
            }
        }

        if (services.Options.Durability == DurabilityMode.Buffered && commit.HasPendingChanges)
        {
            ScheduleFlush();
        }
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
        else if (services.Options.Durability == DurabilityMode.Acknowledged)
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
        if (active?.Grain != this || !registered || services.Options.Durability == DurabilityMode.Acknowledged)
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

    public async ValueTask<ImmutableArray<string>> GetSegmentsAsync()
    {
        if (Forward is { } customer)
        {
            return await customer.GetSegmentsAsync();
        }

        await EnsureCurrentAsync();
        return segments;
    }

    public async Task<CustomerSnapshot> GetSnapshotAsync()
    {
        if (Forward is { } customer)
        {
            return await customer.GetSnapshotAsync();
        }

        await EnsureCurrentAsync();
        var facts = state.State.Facts;
        var counters = facts.LifetimeSummaries.ToImmutableDictionary(
            pair => pair.Key,
            pair => new EventCounters(
                pair.Value.Count, pair.Value.Sum, pair.Value.Average, pair.Value.Min, pair.Value.Max,
                pair.Value.LastValue, pair.Value.FirstAt, pair.Value.LastAt));
        return new CustomerSnapshot(CustomerId, facts.Profile.ToImmutableDictionary(), counters, segments, facts.FirstSeen, facts.LastSeen);
    }

    public async Task<SegmentChange> ReplaceProfileAsync(ImmutableDictionary<string, RuleValue> attributes)
    {
        if (Forward is { } customer)
        {
            return await customer.ReplaceProfileAsync(attributes);
        }

        state.State.Facts.ReplaceProfile(attributes);
        var change = Evaluate() ?? Unchanged;
        Share();
        Notify([], change);
        await SaveAsync();
        return change;
    }

    public async Task<SegmentChange> MergeProfileAsync(ImmutableDictionary<string, RuleValue> attributes)
    {
        if (Forward is { } customer)
        {
            return await customer.MergeProfileAsync(attributes);
        }

        state.State.Facts.MergeProfile(attributes);
        var change = Evaluate() ?? Unchanged;
        Share();
        Notify([], change);
        await SaveAsync();
        return change;
    }

    public async Task EraseAsync()
    {
        // An alias is the customer under another name: erasing it erases the customer, and the customer its aliases.
        if (Forward is { } customer)
        {
            await customer.EraseAsync();
            return;
        }

        await EraseAliasesAsync();
        await EraseOwnStateAsync();
    }

    /// <summary>Everything this id stores: its memberships, directory entry, listeners' data and its row.</summary>
    private async Task EraseOwnStateAsync()
    {
        // A write still in flight would otherwise land after the clear and resurrect the customer.
        await commit.FlushAsync();
        foreach (var segmentId in segments)
        {
            Unpublished.Add(new SegmentMembershipChanged(segmentId, CustomerId, Entered: false, services.Time.GetUtcNow(), ++state.State.MembershipSequence));
        }

        Publish();
        if (registered)
        {
            // The directory counts stored customers, so one never stored must not be taken off it.
            await Directory.UnregisterAsync(CustomerId);
            registered = false;
        }

        await Task.WhenAll(services.Listeners.Select(listener => listener.OnErasedAsync(CustomerId)));
        await state.ClearStateAsync();
        state.State = new CustomerState();
        segments = [];
        active!.Membership = null;
        active.Grain = null;
        services.ActiveCustomers.Remove(active);
        eventIds = null;
        DeactivateOnIdle();
    }

    public Task<bool> MatchesDraftAsync(string rule)
    {
        if (Forward is { } customer)
        {
            return customer.MatchesDraftAsync(rule);
        }

        var withDraft = services.Catalogs.CompileWithDraft(rule);
        var draftMatches = new bool[withDraft.SegmentIds.Count];
        withDraft.Evaluate(state.State.Facts, services.Time.GetUtcNow(), draftMatches);

        // Compilation may order segments by their in_segment dependencies, so the draft is looked up by id.
        var ids = withDraft.SegmentIds;
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] == SegmentCatalogCache.DraftSegmentId)
            {
                return Task.FromResult(draftMatches[i]);
            }
        }

        throw new InvalidOperationException("The compiled preview catalog lost its draft segment.");
    }

    public Task<double> SumOfValuesAsync(string eventType, DateTimeOffset from, DateTimeOffset to)
    {
        if (Forward is { } customer)
        {
            return customer.SumOfValuesAsync(eventType, from, to);
        }

        var sum = 0.0;
        if (state.State.Facts.Behaviour.Types.TryGetValue(eventType, out var ledger))
        {
            foreach (var retained in ledger.Recent.Span)
            {
                if (retained.UtcTicks >= from.UtcTicks && retained.UtcTicks < to.UtcTicks && retained.Value is { } value)
                {
                    sum += value;
                }
            }
        }

        return Task.FromResult(sum);
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

    private bool IsStale() => !ReferenceEquals(catalog, services.Catalogs.Current) || services.Time.GetUtcNow().UtcTicks >= nextChangeTicks;

    /// <summary>
    /// Lets lookups on this silo read the membership without a grain call while it holds. Called after every
    /// evaluation; allocates only when the answer changed.
    /// </summary>
    private void Share()
    {
        if (active!.Membership is { } last && last.Segments == segments && ReferenceEquals(last.Catalog, catalog) && last.ValidUntilUtcTicks == nextChangeTicks)
        {
            return;
        }

        active.Membership = new CustomerMembership(segments, catalog, nextChangeTicks);
    }

    /// <summary>
    /// Evaluates every segment; when membership changed, what changed (queued for publishing too), else null.
    /// </summary>
    /// <param name="recordedEventType">
    /// The type of the one event recorded since the last evaluation, with the profile unchanged: only segments that
    /// read it, or whose time-dependent answer expired, need evaluating again.
    /// </param>
    private SegmentChange? Evaluate(string? recordedEventType = null)
    {
        var current = services.Catalogs.Current;
        var count = current.SegmentIds.Count;
        var rented = count > MaxAnswersOnStack ? ArrayPool<bool>.Shared.Rent(count) : null;
        var answers = rented is null ? stackalloc bool[count] : rented.AsSpan(0, count);
        try
        {
            return Evaluate(current, answers, recordedEventType);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<bool>.Shared.Return(rented);
            }
        }
    }

    private const int MaxAnswersOnStack = 4096;

    private SegmentChange? Evaluate(SegmentCatalog current, Span<bool> answers, string? recordedEventType)
    {
        var now = services.Time.GetUtcNow();
        var facts = state.State.Facts;
        DateTimeOffset? validUntil;
        if (ReferenceEquals(catalog, current) && recordedEventType is not null)
        {
            matches.CopyTo(answers);
            validUntil = current.EvaluateAfterEvent(facts, now, recordedEventType, answers);
        }
        else
        {
            // The skipping above relies on the previous answers being this catalog's, so a new catalog starts whole.
            catalog = current;
            if (matches.Count != answers.Length)
            {
                matches = SegmentMatchBits.For(answers.Length);
            }

            validUntil = current.Evaluate(facts, now, answers);
        }

        matches.CopyFrom(answers);

        // The answers' validity is known from the evaluation itself; asking NextChangeAt would walk the rules again.
        ScheduleNextChange(validUntil);
        if (AnswersEqualSegments(answers))
        {
            return null;
        }

        var ids = current.SegmentIds;
        var builder = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < answers.Length; i++)
        {
            if (answers[i])
            {
                builder.Add(ids[i]);
            }
        }

        var before = segments;
        segments = builder.ToImmutable();
        // Neither side ever changes the array, so the stored membership and the live one share it.
        state.State.Segments = ImmutableCollectionsMarshal.AsArray(segments)!;
        var enteredIds = Missing(segments, from: before);
        var exitedIds = Missing(before, from: segments);
        foreach (var entered in enteredIds)
        {
            EngineMetrics.SegmentEntries.Add(1, new KeyValuePair<string, object?>("segment", entered));
            Unpublished.Add(new SegmentMembershipChanged(entered, CustomerId, Entered: true, now, ++state.State.MembershipSequence));
        }

        foreach (var exited in exitedIds)
        {
            EngineMetrics.SegmentExits.Add(1, new KeyValuePair<string, object?>("segment", exited));
            Unpublished.Add(new SegmentMembershipChanged(exited, CustomerId, Entered: false, now, ++state.State.MembershipSequence));
        }

        return new SegmentChange(segments, enteredIds, exitedIds);
    }

    private List<SegmentMembershipChanged> Unpublished => unpublished ??= [];

    // Membership rarely changes, so compare in place before building a new array.
    private bool AnswersEqualSegments(ReadOnlySpan<bool> answers)
    {
        var ids = catalog.SegmentIds;
        var position = 0;
        for (var i = 0; i < answers.Length; i++)
        {
            if (!answers[i])
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

    /// <summary>
    /// Books a re-evaluation for the next instant a rule can change with no new event, so exits such as the end of a
    /// cart-abandonment hour happen on time.
    /// </summary>
    private void ScheduleNextChange(DateTimeOffset? at)
    {
        nextChangeTicks = at?.UtcTicks ?? long.MaxValue;
        BookNextChange();
    }

    private void BookNextChange()
    {
        if (nextChangeTicks != long.MaxValue)
        {
            services.Schedule.Book(active!, new DateTimeOffset(nextChangeTicks, TimeSpan.Zero));
        }
    }

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

    private async Task SaveAsync()
    {
        // Pending before anything is awaited: the change is already in memory, where a resend finds its event id, so if
        // the directory call below fails, the next save, a duplicate's wait or the activation's end must still write it.
        // At a failover both happen together: the directory shard may have lived on the dead silo, and the survivors
        // deactivate every activation whose grain-directory entry that silo held.
        commit.MarkChanged();
        await RegisterAsync();
        if (services.Options.Durability == DurabilityMode.Acknowledged)
        {
            Publish();
            await commit.FlushAsync();
            return;
        }

        SaveWithoutWaiting();
    }

    /// <summary>Writes every pending change, registering first a customer whose first save failed before its write.</summary>
    private async Task StorePendingAsync()
    {
        if (commit.HasPendingChanges)
        {
            await RegisterAsync();
        }

        await commit.FlushAsync();
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

        // OnDeactivation leaves the change to OnDeactivateAsync's flush.
        commit.MarkChanged();
        if (services.Options.Durability == DurabilityMode.Buffered)
        {
            ScheduleFlush();
        }
    }

    /// <summary>
    /// In Buffered mode, arms a one-shot write FlushInterval after the first unwritten change. A periodic timer per
    /// customer would tick for every active customer, changed or not: ten thousand timer turns a second, and the
    /// process-wide timer queue lock they contend on.
    /// </summary>
    private void ScheduleFlush()
    {
        if (flushArmed)
        {
            return;
        }

        flushArmed = true;
        if (flushTimer is null)
        {
            flushTimer = this.RegisterGrainTimer(FlushBufferedAsync, new GrainTimerCreationOptions(services.Options.FlushInterval, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        }
        else
        {
            flushTimer.Change(services.Options.FlushInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task FlushBufferedAsync()
    {
        flushArmed = false;
        try
        {
            await commit.FlushAsync();
        }
        finally
        {
            // A failed write keeps its changes pending; they are tried again after another interval.
            if (commit.HasPendingChanges)
            {
                ScheduleFlush();
            }
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

    private SegmentChange Unchanged => new(segments, [], []);

    /// <summary>
    /// The ids of <paramref name="ids"/> that <paramref name="from"/> lacks. A customer is in a dozen segments or so,
    /// where comparing every pair costs less than the hash set Enumerable.Except builds; members of hundreds get the set.
    /// </summary>
    private static ImmutableArray<string> Missing(ImmutableArray<string> ids, ImmutableArray<string> from)
    {
        if (ids.Length * from.Length > MaxPairsCompared)
        {
            return [.. ids.Except(from, StringComparer.Ordinal)];
        }

        ImmutableArray<string>.Builder? missing = null;
        foreach (var id in ids)
        {
            if (!Contains(from, id))
            {
                (missing ??= ImmutableArray.CreateBuilder<string>()).Add(id);
            }
        }

        return missing is null ? [] : missing.DrainToImmutable();
    }

    private const int MaxPairsCompared = 1024;

    private static bool Contains(ImmutableArray<string> ids, string id)
    {
        foreach (var candidate in ids)
        {
            if (string.Equals(candidate, id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
