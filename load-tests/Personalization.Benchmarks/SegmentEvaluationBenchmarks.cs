using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Personalization.Rules;

namespace Personalization.Benchmarks;

/// <summary>
/// What a customer grain does per event: record it, then evaluate 100 segments. Each operation takes the next of 512
/// customers with about 120 events of history and gives it an event one second after the previous operation's, so
/// every customer sees an event every few minutes, as a browsing visitor does. Customers are restored from JSON
/// before every iteration, so their history does not grow without end over the run.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(Operations)]
public class SegmentEvaluationBenchmarks
{
    private const int Customers = 512;
    private const int Operations = 32_768;

    private static readonly DateTimeOffset Start = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private SegmentCatalog catalog = null!;
    private string[] snapshots = null!;
    private CustomerFacts[] customers = null!;
    private BehaviourEvent[] events = null!;
    private bool[][] matches = null!;
    private DateTimeOffset now;
    private int sequence;

    [GlobalSetup]
    public void Setup()
    {
        catalog = SegmentCatalog.Compile(1, RealisticCatalog.Rules(100));
        snapshots = Enumerable.Range(0, Customers)
            .Select(i => JsonSerializer.Serialize(RealisticCatalog.CustomerWithHistory(catalog, Start, i)))
            .ToArray();
        matches = Enumerable.Range(0, Customers).Select(_ => new bool[catalog.SegmentIds.Count]).ToArray();

        // Events are built ahead so the measured work is the engine's, not the construction of events.
        var random = new Random(1);
        events = Enumerable.Range(0, Operations)
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

        now = Start;
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
        catalog.EvaluateAfterEvent(facts, now, e.Type, results);
    }

    [Benchmark(Description = "Record + Evaluate all, 100 segments")]
    public void RecordAndEvaluate()
    {
        var (facts, results, e) = Next();
        facts.Record(e, catalog);
        catalog.Evaluate(facts, now, results);
    }

    [Benchmark(Description = "Record + Evaluate all + NextChangeAt")]
    public DateTimeOffset? RecordEvaluateAndNextChange()
    {
        var (facts, results, e) = Next();
        facts.Record(e, catalog);
        catalog.Evaluate(facts, now, results);
        return catalog.NextChangeAt(facts, now);
    }

    [Benchmark(Description = "Evaluate all, 100 segments, no new event")]
    public void Evaluate()
    {
        var (facts, results, _) = Next();
        catalog.Evaluate(facts, now, results);
    }

    private (CustomerFacts Facts, bool[] Matches, BehaviourEvent Event) Next()
    {
        var index = sequence++;
        var e = events[index];
        now = e.Timestamp;
        return (customers[index % Customers], matches[index % Customers], e);
    }
}
