using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Personalization.Rules;
using Personalization.Rules.Facts;

namespace Personalization.Benchmarks;

/// <summary>
/// What a customer grain does per event: record it, then evaluate 100 segments, for one customer with about 120
/// events of history who is browsing: 64 events a few minutes apart (page views, carts, purchases). To measure many
/// operations without the history growing without end, each iteration works through fresh copies of that customer,
/// restored from JSON before the iteration, each taking the same 64 events.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(Copies * EventsPerCopy)]
public class SegmentEvaluationBenchmarks
{
    private const int Copies = 512;
    private const int EventsPerCopy = 64;

    private static readonly DateTimeOffset Start = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private SegmentCatalog catalog = null!;
    private string snapshot = null!;
    private CustomerFacts[] copies = null!;
    private BehaviourEvent[] events = null!;
    private bool[][] matches = null!;
    private int sequence;

    [GlobalSetup]
    public void Setup()
    {
        catalog = SegmentCatalog.Compile(1, RealisticCatalog.Rules(100));
        snapshot = JsonSerializer.Serialize(RealisticCatalog.CustomerWithHistory(catalog, Start, 7));
        matches = Enumerable.Range(0, Copies).Select(_ => new bool[catalog.SegmentIds.Count]).ToArray();

        // Events are built ahead so the measured work is the engine's, not the construction of events.
        var random = new Random(1);
        events = Enumerable.Range(0, EventsPerCopy)
            .Select(i => RealisticCatalog.EventAt(random.Next(10), Start + TimeSpan.FromMinutes(4 * (i + 1))))
            .ToArray();
    }

    [IterationSetup]
    public void RestoreCopies()
    {
        copies = Enumerable.Range(0, Copies).Select(_ => JsonSerializer.Deserialize<CustomerFacts>(snapshot)!).ToArray();
        for (var i = 0; i < Copies; i++)
        {
            catalog.Evaluate(copies[i], Start, matches[i]);
        }

        sequence = 0;
    }

    [Benchmark(Baseline = true, Description = "Record one event")]
    public void Record()
    {
        var (facts, _, e) = Next();
        facts.Record(e, catalog);
    }

    [Benchmark(Description = "Record + EvaluateAfterEvent, 100 segments")]
    public void RecordAndEvaluateAfterEvent()
    {
        var (facts, results, e) = Next();
        facts.Record(e, catalog);
        catalog.EvaluateAfterEvent(facts, e.Timestamp, e.Type, results);
    }

    [Benchmark(Description = "Record + Evaluate all, 100 segments")]
    public void RecordAndEvaluate()
    {
        var (facts, results, e) = Next();
        facts.Record(e, catalog);
        catalog.Evaluate(facts, e.Timestamp, results);
    }

    [Benchmark(Description = "Record + EvaluateAfterEvent + NextChangeAt")]
    public DateTimeOffset? RecordEvaluateAndNextChange()
    {
        var (facts, results, e) = Next();
        facts.Record(e, catalog);
        catalog.EvaluateAfterEvent(facts, e.Timestamp, e.Type, results);
        return catalog.NextChangeAt(facts, e.Timestamp);
    }

    [Benchmark(Description = "Evaluate all, 100 segments, no new event")]
    public void Evaluate()
    {
        var (facts, results, e) = Next();
        catalog.Evaluate(facts, e.Timestamp, results);
    }

    private (CustomerFacts Facts, bool[] Matches, BehaviourEvent Event) Next()
    {
        var index = sequence++;
        var copy = index / EventsPerCopy;
        return (copies[copy], matches[copy], events[index % EventsPerCopy]);
    }
}
