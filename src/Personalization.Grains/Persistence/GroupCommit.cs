using System.Diagnostics;
using Orleans.Core;
using Personalization.Diagnostics;

namespace Personalization.Persistence;

/// <summary>
/// Coalesces writes of one grain's state: while a write is in flight, every change made meanwhile is
/// committed by the single write that follows it. So a busy customer costs one storage round trip per
/// burst instead of one per event, and each caller still learns when its own change is durable.
/// Runs on the grain's scheduler, which is single-threaded, so it needs no locks.
/// </summary>
internal class GroupCommit(IStorage storage)
{
    // Created for the first waiter and dropped once none is left: a silo keeps one of these per active customer, and
    // most of them wait for nothing most of the time.
    private Queue<(long Change, TaskCompletionSource Durable)>? waiters;
    private long changes;
    private long committed;
    private Task? writer;

    /// <summary>True while changes exist that no finished write has stored.</summary>
    public bool HasPendingChanges => committed < changes;

    /// <summary>Records that the state changed; the task completes once a write that includes the change succeeded.</summary>
    public Task CommitAsync()
    {
        var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        (waiters ??= new Queue<(long, TaskCompletionSource)>(1)).Enqueue((++changes, durable));
        if (writer is null)
        {
            // A write that finishes synchronously has already cleared the writer; only a running one is kept.
            var started = WriteUntilCurrentAsync();
            writer = started.IsCompleted ? null : started;
        }

        return durable.Task;
    }

    /// <summary>Records a change without waiting for it; a later commit or <see cref="FlushAsync"/> stores it.</summary>
    public void MarkChanged() => changes++;

    /// <summary>Stores every change made so far and waits for it.</summary>
    public Task FlushAsync() => HasPendingChanges || writer is not null ? CommitAsync() : Task.CompletedTask;

    private async Task WriteUntilCurrentAsync()
    {
        try
        {
            while (committed < changes)
            {
                var target = changes;
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    await storage.WriteStateAsync();
                    EngineMetrics.StorageWriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    committed = target;
                    Complete(target, null);
                }
                catch (Exception e)
                {
                    // Nobody waiting is told "durable" for a change no write stored; the changes stay in memory
                    // and ride on the next successful write.
                    Complete(changes, e);
                    return;
                }
            }
        }
        finally
        {
            writer = null;
        }
    }

    private void Complete(long upTo, Exception? failure)
    {
        while (waiters is not null && waiters.TryPeek(out var waiter) && waiter.Change <= upTo)
        {
            waiters.Dequeue();
            if (failure is null)
            {
                waiter.Durable.SetResult();
            }
            else
            {
                waiter.Durable.SetException(failure);
            }
        }

        if (waiters is { Count: 0 })
        {
            waiters = null;
        }
    }
}
