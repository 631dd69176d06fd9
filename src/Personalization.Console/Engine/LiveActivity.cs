using Personalization.Diagnostics;
using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Personalization.Customers;

namespace Personalization.Console.Engine;

/// <summary>
/// Events, lookups, segment entries and exits per second and active customers, read from the engine's own metrics
/// (<see cref="EngineMetrics"/>). It listens only while a Live page is open, so a closed console costs the engine
/// nothing, and an open one an increment per measurement; it keeps the last <see cref="HistorySeconds"/> seconds.
/// </summary>
public sealed class LiveActivity(ActiveCustomers activeCustomers) : IDisposable
{
    // Rates are per second of wall-clock time, whatever the engine's clock says.
    private readonly TimeProvider time = TimeProvider.System;
    public const int HistorySeconds = 300;

    private readonly Lock gate = new();
    private readonly Queue<ActivitySample> history = new();
    private readonly List<Action<ActivitySample>> watchers = [];
    private MeterListener? listener;
    private ITimer? ticker;
    private long events, lookups, entries, exits;

    /// <summary>Starts listening if nobody was; <paramref name="onSample"/> gets a sample a second until the result is disposed.</summary>
    public IDisposable Watch(Action<ActivitySample> onSample)
    {
        lock (gate)
        {
            watchers.Add(onSample);
            if (listener is null)
            {
                listener = new MeterListener { InstrumentPublished = Publish };
                listener.SetMeasurementEventCallback<long>(OnCount);
                listener.SetMeasurementEventCallback<double>(OnDuration);
                listener.Start();
                ticker = time.CreateTimer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            }
        }

        return new Watcher(this, onSample);
    }

    public ImmutableArray<ActivitySample> History
    {
        get
        {
            lock (gate)
            {
                return [.. history];
            }
        }
    }

    private static void Publish(Instrument instrument, MeterListener meterListener)
    {
        if (instrument.Meter.Name == EngineMetrics.MeterName && instrument.Name is
            "personalization.events.ingested" or "personalization.segment.entries" or "personalization.segment.exits" or "personalization.segment.lookup.duration")
        {
            meterListener.EnableMeasurementEvents(instrument);
        }
    }

    private void OnCount(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (ReferenceEquals(instrument, EngineMetrics.EventsIngested))
        {
            Interlocked.Add(ref events, value);
        }
        else if (ReferenceEquals(instrument, EngineMetrics.SegmentEntries))
        {
            Interlocked.Add(ref entries, value);
        }
        else if (ReferenceEquals(instrument, EngineMetrics.SegmentExits))
        {
            Interlocked.Add(ref exits, value);
        }
    }

    // Each lookup records its duration once: the histogram's measurements count lookups.
    private void OnDuration(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state) =>
        Interlocked.Increment(ref lookups);

    private void Tick()
    {
        var sample = new ActivitySample(time.GetUtcNow(), Interlocked.Exchange(ref events, 0), Interlocked.Exchange(ref lookups, 0),
            Interlocked.Exchange(ref entries, 0), Interlocked.Exchange(ref exits, 0), activeCustomers.Count);
        Action<ActivitySample>[] current;
        lock (gate)
        {
            history.Enqueue(sample);
            while (history.Count > HistorySeconds)
            {
                history.Dequeue();
            }

            current = [.. watchers];
        }

        foreach (var watcher in current)
        {
            watcher(sample);
        }
    }

    private void Unwatch(Action<ActivitySample> onSample)
    {
        lock (gate)
        {
            watchers.Remove(onSample);
            if (watchers.Count == 0)
            {
                Stop();
            }
        }
    }

    private void Stop()
    {
        ticker?.Dispose();
        listener?.Dispose();
        (ticker, listener) = (null, null);
    }

    public void Dispose()
    {
        lock (gate)
        {
            Stop();
        }
    }

    private sealed class Watcher(LiveActivity owner, Action<ActivitySample> onSample) : IDisposable
    {
        public void Dispose() => owner.Unwatch(onSample);
    }
}
