using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Personalization.Membership;

/// <summary>
/// Publishes the membership changes of every customer on this silo. Customers hand changes over with
/// <see cref="Enqueue"/> and never wait for the stream: one handle per stream is kept here instead of per
/// activation, and the changes of each stream gathered since the last flush travel as one queue message.
/// </summary>
/// <remarks>
/// A stream whose queue refuses a batch (the memory queues hold at most 16,384 messages) keeps its changes, in order,
/// ahead of newer ones and tries again at the next flush: a burst delays stats and campaigns, it never fails an event.
/// Per stream order is kept, which is what the consumers' per-customer sequence check needs: a customer's changes to
/// one segment always travel on the same stream.
/// </remarks>
public sealed class MembershipPublisher(IServiceProvider services, ILogger<MembershipPublisher> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How long a change waits on this silo at most before it is handed to its stream, when queues accept it.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(50);

    private readonly Lock gate = new();
    private readonly Dictionary<string, List<SegmentMembershipChanged>> pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IAsyncStream<SegmentMembershipChanged>> streams = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim flushing = new(1, 1);
    private IStreamProvider? provider;
    private CancellationTokenSource? stopping;
    private Task? loop;
    private long waiting;

    /// <summary>Changes handed over and not yet accepted by their stream's queue.</summary>
    public long Waiting => Interlocked.Read(ref waiting);

    public void Enqueue(SegmentMembershipChanged change)
    {
        var key = SegmentMembershipStreams.Key(change.SegmentId, SegmentMembershipStreams.ShardOf(change.CustomerId));
        lock (gate)
        {
            if (!pending.TryGetValue(key, out var list))
            {
                pending[key] = list = [];
            }

            list.Add(change);
        }

        Interlocked.Increment(ref waiting);
    }

    /// <summary>Hands every waiting change to its stream; changes a full queue refused stay waiting.</summary>
    public async Task FlushAsync()
    {
        await flushing.WaitAsync();
        try
        {
            List<(string Key, List<SegmentMembershipChanged> Changes)> batches;
            lock (gate)
            {
                if (pending.Count == 0)
                {
                    return;
                }

                batches = [.. pending.Select(pair => (pair.Key, pair.Value))];
                pending.Clear();
            }

            provider ??= services.GetRequiredKeyedService<IStreamProvider>(SegmentMembershipStreams.ProviderName);
            var refused = await Task.WhenAll(batches.Select(PublishAsync));
            var failures = refused.Count(failed => failed);
            if (failures > 0)
            {
                logger.LogWarning("{Count} membership streams refused their changes; {Waiting} changes wait for the next flush", failures, Waiting);
            }
        }
        finally
        {
            flushing.Release();
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MembershipPublisher), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task<bool> PublishAsync((string Key, List<SegmentMembershipChanged> Changes) batch)
    {
        try
        {
            await StreamOf(batch.Key).OnNextBatchAsync(batch.Changes);
            Interlocked.Add(ref waiting, -batch.Changes.Count);
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug(e, "Stream {Stream} refused {Count} membership changes", batch.Key, batch.Changes.Count);
            lock (gate)
            {
                // Changes enqueued meanwhile are newer, so the refused ones go back in front of them.
                if (pending.TryGetValue(batch.Key, out var newer))
                {
                    batch.Changes.AddRange(newer);
                }

                pending[batch.Key] = batch.Changes;
            }

            return true;
        }
    }

    private IAsyncStream<SegmentMembershipChanged> StreamOf(string key)
    {
        lock (gate)
        {
            if (!streams.TryGetValue(key, out var stream))
            {
                streams[key] = stream = provider!.GetStream<SegmentMembershipChanged>(StreamId.Create(SegmentMembershipStreams.Namespace, key));
            }

            return stream;
        }
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        stopping = new CancellationTokenSource();
        loop = RunAsync(stopping.Token);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (stopping is null || loop is null)
        {
            return;
        }

        await stopping.CancelAsync();
        await loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // Customers deactivating during shutdown hand over their last changes before this stage stops.
        await FlushAsync().WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await FlushAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Publishing membership changes failed; {Waiting} changes wait for the next flush", Waiting);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping; StopAsync flushes once more.
        }
    }
}
