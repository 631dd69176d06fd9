using System.Collections.Immutable;

namespace Personalization.Customers;

/// <summary>
/// Event ingest for code running in a silo (the co-hosted HTTP API). Events of a customer active on this silo are
/// queued as a turn straight on its activation, the way Orleans queues a grain timer's; anything else is a grain call.
/// A call from an ASP.NET request costs more than the customer's own work: a request message and its copy, a directory
/// lookup, a response message and a callback table entry, which the turn needs none of.
/// </summary>
/// <remarks>
/// The grain decides whether it takes the turn (<see cref="CustomerGrain.TryTrackFromThisSilo"/>); a declined turn
/// becomes the grain call, so nothing depends on the activation still being there when the turn runs.
/// </remarks>
public sealed class CustomerEvents(IGrainFactory grains, ActiveCustomers activeCustomers)
{
    public Task<TrackOutcome> TrackAsync(string customerId, TrackedEvent trackedEvent) => TrackAsync(customerId, [trackedEvent]);

    public Task<TrackOutcome> TrackAsync(string customerId, ImmutableArray<TrackedEvent> trackedEvents)
    {
        // An alias active on this silo names its customer, which saves the hop through the alias's grain.
        if (activeCustomers.FindGrain(customerId, out var resolvedId) is not { } grain)
        {
            return GrainCall(resolvedId, trackedEvents);
        }

        var turn = new TrackTurn(this, resolvedId, grain, trackedEvents);
        grain.GrainContext.Scheduler.QueueAction(TrackTurn.Run, turn);
        return turn.Task;
    }

    private Task<TrackOutcome> GrainCall(string customerId, ImmutableArray<TrackedEvent> trackedEvents) =>
        grains.GetCustomerGrain(customerId).TrackManyAsync(trackedEvents);

    /// <summary>One handed-over call; one the grain declines becomes the grain call, made off the grain's turn.</summary>
    /// <remarks>
    /// Continuations run asynchronously so that the caller's code after the await never runs inside the grain's turn.
    /// </remarks>
    private sealed class TrackTurn(CustomerEvents events, string customerId, CustomerGrain grain, ImmutableArray<TrackedEvent> trackedEvents)
        : TaskCompletionSource<TrackOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public static readonly Action<object> Run = state => ((TrackTurn)state).Execute();

        private void Execute()
        {
            TrackOutcome? outcome;
            try
            {
                outcome = grain.TryTrackFromThisSilo(trackedEvents);
            }
            catch (Exception e)
            {
                SetException(e);
                return;
            }

            if (outcome is not null)
            {
                SetResult(outcome);
                return;
            }

            // Task.Run leaves the grain's scheduler, so Orleans sees a call from outside the grain, as the caller's was.
            _ = System.Threading.Tasks.Task.Run(async () =>
            {
                try
                {
                    SetResult(await events.GrainCall(customerId, trackedEvents));
                }
                catch (Exception e)
                {
                    SetException(e);
                }
            });
        }
    }
}
