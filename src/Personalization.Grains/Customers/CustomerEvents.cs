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

    public async Task<TrackOutcome> TrackAsync(string customerId, ImmutableArray<TrackedEvent> trackedEvents)
    {
        if (activeCustomers.FindGrain(customerId) is { } grain)
        {
            var turn = new TrackTurn(grain, trackedEvents);
            grain.GrainContext.Scheduler.QueueAction(TrackTurn.Run, turn);
            if (await turn.Task is { } outcome)
            {
                return outcome;
            }
        }

        return await grains.GetCustomerGrain(customerId).TrackManyAsync(trackedEvents);
    }

    /// <summary>One handed-over call: its result is null when the grain declined it.</summary>
    /// <remarks>
    /// Continuations run asynchronously so that the caller's code after the await never runs inside the grain's turn.
    /// </remarks>
    private sealed class TrackTurn(CustomerGrain grain, ImmutableArray<TrackedEvent> trackedEvents)
        : TaskCompletionSource<TrackOutcome?>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public static readonly Action<object> Run = state => _ = ((TrackTurn)state).RunAsync();

        private async Task RunAsync()
        {
            try
            {
                SetResult(grain.TryTrackFromThisSilo(trackedEvents) is { } tracking ? await tracking : null);
            }
            catch (Exception e)
            {
                SetException(e);
            }
        }
    }
}
