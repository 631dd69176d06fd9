using System.Diagnostics.Metrics;

namespace Personalization.Diagnostics;

/// <summary>The engine's own instruments; hosts export the meter named <see cref="MeterName"/> (OpenTelemetry, Prometheus).</summary>
public static class EngineMetrics
{
    public const string MeterName = "Personalization";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> EventsIngested = Meter.CreateCounter<long>(
        "personalization.events.ingested", "{event}", "Events recorded by customer grains (duplicates excluded)");

    public static readonly Counter<long> SegmentEntries = Meter.CreateCounter<long>(
        "personalization.segment.entries", "{entry}", "Customers entering a segment");

    public static readonly Counter<long> SegmentExits = Meter.CreateCounter<long>(
        "personalization.segment.exits", "{exit}", "Customers leaving a segment");

    public static readonly Histogram<double> LookupDuration = Meter.CreateHistogram<double>(
        "personalization.segment.lookup.duration", "ms", "Time to answer a segment lookup inside the server");

    public static readonly Histogram<double> StorageWriteDuration = Meter.CreateHistogram<double>(
        "personalization.storage.write.duration", "ms", "Time of one grain state write of a customer, the directory or a segment shard (one write may commit many changes)");

    // One gauge for the process; each silo in it (tests run several) adds its count.
    private static readonly List<Func<int>> ActiveCustomerSources = [];

    static EngineMetrics() =>
        Meter.CreateObservableGauge("personalization.customers.active", ActiveCustomers, "{customer}", "Customer grains active in this process");

    public static void ObserveActiveCustomers(Func<int> count)
    {
        lock (ActiveCustomerSources)
        {
            ActiveCustomerSources.Add(count);
        }
    }

    private static int ActiveCustomers()
    {
        lock (ActiveCustomerSources)
        {
            return ActiveCustomerSources.Sum(source => source());
        }
    }
}
