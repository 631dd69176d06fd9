using BenchmarkDotNet.Attributes;
using Personalization.Rules;

namespace Personalization.Benchmarks;

/// <summary>
/// What a customer grain does per event: record it, then evaluate 100 segments. The clock moves one second per
/// operation, so windows slide and cached values expire as they would in production.
/// </summary>
[MemoryDiagnoser]
public class SegmentEvaluationBenchmarks
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
        facts = RealisticCatalog.CustomerWithHistory(catalog, now, 400);
        matches = new bool[catalog.SegmentIds.Count];
        catalog.Evaluate(facts, now, matches);

        // Events are built ahead so the measured work is the engine's, not the test's construction of events.
        events = Enumerable.Range(0, 1 << 16).Select(i => RealisticCatalog.EventAt(i, now)).ToArray();
    }

    [Benchmark(Baseline = true, Description = "Record one event")]
    public void Record() => facts.Record(NextEvent(), catalog);

    [Benchmark(Description = "Record + EvaluateAfterEvent, 100 segments")]
    public void RecordAndEvaluateAfterEvent()
    {
        var e = NextEvent();
        facts.Record(e, catalog);
        catalog.EvaluateAfterEvent(facts, now, e.Type, matches);
    }

    [Benchmark(Description = "Record + Evaluate all, 100 segments")]
    public void RecordAndEvaluate()
    {
        facts.Record(NextEvent(), catalog);
        catalog.Evaluate(facts, now, matches);
    }

    [Benchmark(Description = "Record + Evaluate all + NextChangeAt")]
    public DateTimeOffset? RecordEvaluateAndNextChange()
    {
        facts.Record(NextEvent(), catalog);
        catalog.Evaluate(facts, now, matches);
        return catalog.NextChangeAt(facts, now);
    }

    [Benchmark(Description = "Evaluate all, 100 segments, no new event")]
    public void Evaluate()
    {
        now += TimeSpan.FromSeconds(1);
        catalog.Evaluate(facts, now, matches);
    }

    private BehaviourEvent NextEvent()
    {
        now += TimeSpan.FromSeconds(1);
        var template = events[sequence++ & (events.Length - 1)];
        return template with { Timestamp = now };
    }
}
