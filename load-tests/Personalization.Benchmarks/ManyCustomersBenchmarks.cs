using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Personalization.Rules;
using Personalization.Rules.Engine;
using Personalization.Rules.Facts;

namespace Personalization.Benchmarks;

/// <summary>
/// The same work as <see cref="SegmentEvaluationBenchmarks"/>, but consecutive events go to different customers (512
/// of them, each with its own history), as on a busy silo: each customer's state is usually out of the CPU caches.
/// With <see cref="CachesPerCatalog"/> at 64 the catalog lends fewer evaluation caches than there are customers, so
/// every event finds its customer's cache taken by another and pays a whole evaluation from the ledger: the cost of a
/// customer that comes back after the pool has cycled.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(Customers * EventsPerCustomer)]
public class ManyCustomersBenchmarks
{
    private const int Customers = 512;
    private const int EventsPerCustomer = 64;

    private static readonly DateTimeOffset Start = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private SegmentCatalog catalog = null!;
    private string[] snapshots = null!;
    private CustomerFacts[] customers = null!;
    private BehaviourEvent[] events = null!;
    private bool[][] matches = null!;
    private int sequence;

    /// <summary>0 for the pool a catalog of this size gets (more caches than customers here).</summary>
    [Params(0, 64)]
    public int CachesPerCatalog { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        catalog = SegmentCatalog.Compile(1, RealisticCatalog.Rules(100));
        if (CachesPerCatalog > 0)
        {
            catalog.Caches = new FactsCachePool(catalog, CachesPerCatalog);
        }

        snapshots = Enumerable.Range(0, Customers)
            .Select(i => JsonSerializer.Serialize(RealisticCatalog.CustomerWithHistory(catalog, Start, i)))
            .ToArray();
        matches = Enumerable.Range(0, Customers).Select(_ => new bool[catalog.SegmentIds.Count]).ToArray();

        // One event a second across all customers: each customer sees one every 512 seconds.
        var random = new Random(1);
        events = Enumerable.Range(0, Customers * EventsPerCustomer)
            .Select(i => RealisticCatalog.EventAt(random.Next(10), Start + TimeSpan.FromSeconds(i + 1)))
            .ToArray();
    }

    [IterationSetup]
    public void RestoreCustomers()
    {
        customers = snapshots.Select(json => JsonSerializer.Deserialize<CustomerFacts>(json)!).ToArray();
        for (var i = 0; i < Customers; i++)
        {
            catalog.Evaluate(customers[i], Start, matches[i]);
        }

        sequence = 0;
    }

    [Benchmark(Baseline = true, Description = "512 customers: record one event")]
    public void Record()
    {
        var index = sequence++;
        customers[index % Customers].Record(events[index], catalog);
    }

    [Benchmark(Description = "512 customers: record + EvaluateAfterEvent, 100 segments")]
    public void RecordAndEvaluateAfterEvent()
    {
        var index = sequence++;
        var facts = customers[index % Customers];
        var e = events[index];
        facts.Record(e, catalog);
        catalog.EvaluateAfterEvent(facts, e.Timestamp, e.Type, matches[index % Customers]);
    }
}
