using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using Personalization.Identity;
using Personalization.Rules.Facts;

namespace Personalization.Customers;

/// <summary>
/// Identity resolution (<see cref="ICustomerIdentityGrain"/>): the merge saga a known customer runs, the anonymous id's
/// hand-over, and forwarding once this id is an alias.
/// </summary>
internal sealed partial class CustomerGrain
{
    /// <summary>The customer this id is an alias of; null for a customer of its own.</summary>
    private string? AliasOf => state.State.Identity?.AliasOf;

    private ICustomerGrain? Forward => AliasOf is { } customerId ? GrainFactory.GetCustomerGrain(customerId) : null;

    private ICustomerIdentityGrain IdentityOf(string customerId) => GrainFactory.GetGrain<ICustomerIdentityGrain>(customerId);

    public async Task<IdentifyOutcome> IdentifyAsync(string anonymousId, bool mergeKnownCustomers)
    {
        ArgumentException.ThrowIfNullOrEmpty(anonymousId);
        if (AliasOf is { } customerId)
        {
            return await IdentityOf(customerId).IdentifyAsync(anonymousId, mergeKnownCustomers);
        }

        if (string.Equals(anonymousId, CustomerId, StringComparison.Ordinal))
        {
            return Outcome(IdentifyStatus.SameId);
        }

        var identity = state.State.Identity ??= new IdentityState();
        await identity.Turn.WaitAsync();
        try
        {
            // This customer may have been merged into another while the call waited for its turn.
            if (AliasOf is { } mergedInto)
            {
                return await IdentityOf(mergedInto).IdentifyAsync(anonymousId, mergeKnownCustomers);
            }

            if (identity.PendingMerge is { } earlier && !string.Equals(earlier.AbsorbedId, anonymousId, StringComparison.Ordinal))
            {
                await RunMergeAsync(identity, earlier);
            }

            if (identity.PendingMerge is null)
            {
                if (identity.Aliases?.Contains(anonymousId) == true)
                {
                    return Outcome(IdentifyStatus.AlreadyMerged);
                }

                if (AliasRoom(identity) < 1)
                {
                    return Outcome(IdentifyStatus.AliasLimitReached);
                }

                identity.PendingMerge = new PendingMerge { AbsorbedId = anonymousId, MergeKnownCustomers = mergeKnownCustomers };
                identity.Known = true;
                await WriteNowAsync();
                MergeStepReached(MergeStep.IntentStored);
            }

            return await RunMergeAsync(identity, identity.PendingMerge);
        }
        finally
        {
            identity.Turn.Release();
        }
    }

    /// <summary>The saga's steps after the stored intent; each one is skipped or repeated harmlessly when a retry reaches it again.</summary>
    private async Task<IdentifyOutcome> RunMergeAsync(IdentityState identity, PendingMerge pending)
    {
        var absorbedId = pending.AbsorbedId;
        var absorbed = IdentityOf(absorbedId);

        // The alias is listed in the same write that stores the merged state, so a listed alias is a merged one.
        if (identity.Aliases?.Contains(absorbedId) != true)
        {
            var handOver = await absorbed.HandOverAsync(CustomerId, pending.MergeKnownCustomers, AliasRoom(identity));
            if (handOver.Refused is { } refusal)
            {
                identity.PendingMerge = null;
                await WriteNowAsync();
                return Outcome(refusal);
            }

            MergeStepReached(MergeStep.HandedOver);
            if (!registered)
            {
                await Directory.RegisterAsync(CustomerId);
                registered = true;
            }

            Absorb(identity, pending, handOver);
            await WriteNowAsync();
            MergeStepReached(MergeStep.MergedStateStored);
        }

        await Task.WhenAll(services.Listeners.Select(listener => listener.OnMergedAsync(absorbedId, CustomerId)));
        await absorbed.CompleteHandOverAsync(CustomerId);
        MergeStepReached(MergeStep.AbsorbedCleared);
        foreach (var alias in pending.Repoint ?? [])
        {
            await IdentityOf(alias).RepointAsync(CustomerId);
        }

        identity.PendingMerge = null;
        await WriteNowAsync();
        return Outcome(IdentifyStatus.Merged);
    }

    /// <summary>Merges the handed-over state in, lists the aliases and evaluates once; synchronous, so no event interleaves.</summary>
    private void Absorb(IdentityState identity, PendingMerge pending, HandOver handOver)
    {
        if (handOver.StateJson is { } json)
        {
            var absorbed = JsonSerializer.Deserialize<CustomerState>(json)!;
            state.State.Facts = FactsMerge.Merge(state.State.Facts, absorbed.Facts, services.Catalogs.Current, services.Identity.ProfileConflict);
            state.State.RecentEventIds = EventIdHistory.Merge(state.State.RecentEventIds, absorbed.RecentEventIds);
            eventIds = state.State.RecentEventIds is { Count: > 0 } ids ? new RecentEventIds(ids) : null;
        }

        var aliases = identity.Aliases ??= [];
        aliases.Add(pending.AbsorbedId);
        var moved = handOver.Aliases.Where(alias => !string.Equals(alias, CustomerId, StringComparison.Ordinal) && !aliases.Contains(alias)).ToList();
        aliases.AddRange(moved);
        pending.Repoint = moved.Count > 0 ? moved : null;

        // The merged facts are a new object, so this evaluates every segment from them: the customer enters what the
        // merged history earns, once.
        var change = Evaluate() ?? Unchanged;
        Share();
        Notify([], change);
    }

    public async Task<HandOver> HandOverAsync(string customerId, bool mergeKnownCustomers, int aliasRoom)
    {
        if (string.Equals(customerId, CustomerId, StringComparison.Ordinal))
        {
            return Refuse(IdentifyStatus.SameId);
        }

        var identity = state.State.Identity;
        if (identity?.AliasOf is { } aliasOf)
        {
            if (!string.Equals(aliasOf, customerId, StringComparison.Ordinal))
            {
                return Refuse(IdentifyStatus.AliasOfAnotherCustomer);
            }

            // A retry: the state goes again until the customer has stored it and told this id to drop it.
            return identity.HandedOver ? new HandOver(null, null, []) : new HandOver(null, Export(), [.. identity.Aliases ?? []]);
        }

        if (identity?.PendingMerge is not null)
        {
            return Refuse(IdentifyStatus.MergeInProgress);
        }

        if (identity?.Known == true && !mergeKnownCustomers)
        {
            return Refuse(IdentifyStatus.KnownCustomer);
        }

        if ((identity?.Aliases?.Count ?? 0) + 1 > aliasRoom)
        {
            return Refuse(IdentifyStatus.AliasLimitReached);
        }

        identity ??= state.State.Identity = new IdentityState();
        identity.AliasOf = customerId;
        var json = Export();

        // From here on this id's calls go to the customer (its grain still counts a redelivery of its own events once),
        // and lookups and events on this silo stop taking the shortcut to this activation.
        if (active is not null)
        {
            active.Grain = null;
            active.Membership = null;
            services.Schedule.Cancel(active);
        }

        await WriteNowAsync();
        return new HandOver(null, json, [.. identity.Aliases ?? []]);
    }

    public async Task CompleteHandOverAsync(string customerId)
    {
        var identity = state.State.Identity;
        if (identity is null || identity.HandedOver || !string.Equals(identity.AliasOf, customerId, StringComparison.Ordinal))
        {
            return;
        }

        // The anonymous id leaves its segments: its history now counts for the customer.
        QueueExitFromEverySegment();

        Publish();
        if (registered)
        {
            await Directory.UnregisterAsync(CustomerId);
            registered = false;
        }

        state.State.Facts = new CustomerFacts();
        state.State.Segments = [];
        state.State.RecentEventIds = null;
        eventIds = null;
        membership.Clear();
        identity.Aliases = null;
        identity.Known = false;
        identity.HandedOver = true;
        await WriteNowAsync();
        if (active is not null)
        {
            services.ActiveCustomers.Remove(active);
        }

        active = services.ActiveCustomers.AddAlias(CustomerId, customerId);
    }

    public async Task RepointAsync(string customerId)
    {
        if (state.State.Identity is not { AliasOf: not null } identity || string.Equals(identity.AliasOf, customerId, StringComparison.Ordinal))
        {
            return;
        }

        identity.AliasOf = customerId;
        if (active is ActiveAlias alias)
        {
            alias.AliasOf = customerId;
        }

        await WriteNowAsync();
    }

    public async Task EraseAliasAsync(string customerId)
    {
        if (string.Equals(AliasOf, customerId, StringComparison.Ordinal))
        {
            await EraseOwnStateAsync();
        }
    }

    public Task<string?> GetAliasOfAsync() => Task.FromResult(AliasOf);

    /// <summary>Erases the aliases and an anonymous id caught between hand-over and merge, as part of erasing this customer.</summary>
    private async Task EraseAliasesAsync()
    {
        if (state.State.Identity is not { } identity)
        {
            return;
        }

        IEnumerable<string> ids = identity.Aliases ?? [];
        if (identity.PendingMerge is { } pending)
        {
            ids = ids.Append(pending.AbsorbedId);
        }

        await Task.WhenAll(ids.Distinct().Select(id => IdentityOf(id).EraseAliasAsync(CustomerId)));
    }

    /// <summary>
    /// Called on activation; true when this id is an alias, which evaluates nothing. A customer that stopped in the middle
    /// of a merge finishes it now rather than waiting for the next identify.
    /// </summary>
    private bool ActivateIdentity(IdentityState identity)
    {
        if (identity.AliasOf is { } customerId)
        {
            registered = state.RecordExists && !identity.HandedOver;
            if (identity.HandedOver)
            {
                active = services.ActiveCustomers.AddAlias(CustomerId, customerId);
            }
            else
            {
                active = services.ActiveCustomers.Add(CustomerId, this);
                active.Grain = null;
            }

            return true;
        }

        if (identity.PendingMerge is not null)
        {
            this.RegisterGrainTimer(ResumeMergeAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }

        return false;
    }

    private async Task ResumeMergeAsync()
    {
        if (state.State.Identity?.PendingMerge is { } pending)
        {
            await IdentifyAsync(pending.AbsorbedId, pending.MergeKnownCustomers);
        }
    }

    /// <summary>Events for an alias: those this id already recorded before handing over count once here, the rest go on.</summary>
    private async Task<TrackOutcome> ForwardEventsAsync(string customerId, ImmutableArray<TrackedEvent> trackedEvents)
    {
        var customer = GrainFactory.GetCustomerGrain(customerId);
        if (eventIds is null)
        {
            return await customer.TrackManyAsync(trackedEvents);
        }

        var fresh = trackedEvents.RemoveAll(e => e.EventId is { } id && eventIds.Contains(id));
        var duplicates = trackedEvents.Length - fresh.Length;
        if (fresh.IsEmpty)
        {
            return new TrackOutcome(new SegmentChange(await customer.GetSegmentsAsync(), [], []), duplicates);
        }

        var outcome = await customer.TrackManyAsync(fresh);
        return outcome with { DuplicatesIgnored = outcome.DuplicatesIgnored + duplicates };
    }

    private int AliasRoom(IdentityState identity) => services.Identity.MaxAliasesPerCustomer - (identity.Aliases?.Count ?? 0);

    private string Export() => JsonSerializer.Serialize(state.State);

    /// <summary>Stores the state now, whatever the durability mode: every step of a merge must be stored before the next.</summary>
    private async Task WriteNowAsync()
    {
        Publish();
        durability.MarkChanged();
        await durability.FlushAsync();
    }

    private IdentifyOutcome Outcome(IdentifyStatus status) => new(status, CustomerId, membership.Segments);

    private static HandOver Refuse(IdentifyStatus status) => new(status, null, []);

    /// <summary>
    /// Test hook (<see cref="IdentityOptions.KillAtMergeStep"/>): the process kills itself, as SIGKILL would, when a merge
    /// reaches the named step, so that tests can show a merge cut there completes when retried.
    /// </summary>
    private void MergeStepReached(MergeStep step)
    {
        if (services.Identity.KillAtMergeStep == step)
        {
            Process.GetCurrentProcess().Kill();
        }
    }
}
