using BenchmarkDotNet.Attributes;
using Personalization.Rules;
using Personalization.Rules.Facts;

namespace Personalization.Benchmarks;

/// <summary>
/// The worst case: one customer with an event every second, so every window of the catalog holds more events than
/// the ledger retains per type and each new event pushes a counted one out, which forces windows to be rescanned.
/// </summary>
[MemoryDiagnoser]
public class HeavyCustomerBenchmarks
{
    private SegmentCatalog catalog = null!;
    private CustomerFacts facts = null!;
    private bool[] matches = null!;
    private BehaviourEvent[] events = null!;
    private DateTimeOffset now;
    private int sequence;

    [GlobalSetup]
    public void Setup()
    {
        catalog = SegmentCatalog.Compile(1, RealisticCatalog.Rules(100));
        now = new DateTimeOffset(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);
        facts = RealisticCatalog.HeavyCustomer(catalog, now, 1_000);
        matches = new bool[catalog.SegmentIds.Count];
        catalog.Evaluate(facts, now, matches);
        events = Enumerable.Range(0, 1 << 16).Select(i => RealisticCatalog.EventAt(i, now)).ToArray();
    }

    [Benchmark(Baseline = true, Description = "Heavy customer: record one event")]
    public void Record() => facts.Record(NextEvent(), catalog);

    [Benchmark(Description = "Heavy customer: record + EvaluateAfterEvent, 100 segments")]
    public void RecordAndEvaluateAfterEvent()
    {
        var e = NextEvent();
        facts.Record(e, catalog);
        catalog.EvaluateAfterEvent(facts, now, e.Type, matches);
    }

    private BehaviourEvent NextEvent()
    {
        now += TimeSpan.FromSeconds(1);
        return events[sequence++ & (events.Length - 1)] with { Timestamp = now };
    }
}
