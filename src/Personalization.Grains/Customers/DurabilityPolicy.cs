using Orleans.Core;
using Personalization.Persistence;

namespace Personalization.Customers;

/// <summary>
/// When a customer's changes are written and who waits for the write, as <see cref="CustomerStateOptions.Durability"/>
/// says: <see cref="DurabilityMode.Acknowledged"/> answers a change once a write holds it, <see cref="DurabilityMode.Buffered"/>
/// answers at once and writes within <see cref="CustomerStateOptions.FlushInterval"/>, <see cref="DurabilityMode.OnDeactivation"/>
/// answers at once and leaves the write to the end of the activation.
/// </summary>
/// <remarks>
/// A <see cref="GroupCommit"/> itself rather than a holder of one, so that an active customer carries one object for its
/// writes. Runs on the grain's scheduler like the group commit it extends.
/// </remarks>
internal sealed class DurabilityPolicy(IStorage storage, IGrainBase grain, CustomerStateOptions options) : GroupCommit(storage)
{
    // Buffered mode's one-shot write timer, created on the first change, and whether it is armed.
    private IGrainTimer? flushTimer;
    private bool flushArmed;

    /// <summary>Whether a call that changes the customer is answered only once the change is written.</summary>
    public bool WaitsForWrite => options.Durability == DurabilityMode.Acknowledged;

    /// <summary>Saves a change: waits for the write that stores it when <see cref="WaitsForWrite"/>, else <see cref="Save"/>.</summary>
    public Task SaveAsync()
    {
        if (WaitsForWrite)
        {
            return CommitAsync();
        }

        Save();
        return Task.CompletedTask;
    }

    /// <summary>Saves a change without waiting for its write; not for <see cref="DurabilityMode.Acknowledged"/>.</summary>
    public void Save()
    {
        // OnDeactivation leaves the change to the grain's flush as its activation ends.
        MarkChanged();
        SchedulePendingFlush();
    }

    /// <summary>In Buffered mode, makes sure changes not yet written are written within the flush interval.</summary>
    public void SchedulePendingFlush()
    {
        if (options.Durability == DurabilityMode.Buffered && HasPendingChanges)
        {
            ScheduleFlush();
        }
    }

    /// <summary>
    /// Arms a one-shot write FlushInterval after the first unwritten change. A periodic timer per customer would tick for
    /// every active customer, changed or not, and every tick would contend on the process-wide timer queue's lock.
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
            flushTimer = grain.RegisterGrainTimer(FlushBufferedAsync, new GrainTimerCreationOptions(options.FlushInterval, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        }
        else
        {
            flushTimer.Change(options.FlushInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task FlushBufferedAsync()
    {
        flushArmed = false;
        try
        {
            await FlushAsync();
        }
        finally
        {
            // A failed write keeps its changes pending; they are tried again after another interval.
            if (HasPendingChanges)
            {
                ScheduleFlush();
            }
        }
    }
}
