using static Personalization.Rules.Tests.Given;

namespace Personalization.Rules.Tests;

/// <summary>Values a customer's cache updates incrementally must equal values computed from scratch.</summary>
public sealed class IncrementalTests
{
    private static readonly string[] Rules =
    [
        "count(view, 1h) >= 3",
        "count(view, 10m) == 1",
        "sum(view.value, 2h) > 40",
        "avg(view.value, 30m) > 5",
        "min(view.value, 3h) < 3",
        "max(view.value, 45m) >= 9",
        "last(view.value, 20m) == 4",
        "distinct(view.category, 1h) >= 2",
        "count(view where category == \"a\", 1h) >= 2",
        "count(view, session) >= 4",
        "sum(view.value where category != \"b\", session) > 12",
        "max(view.value, session) == 9",
        "last(view.category, session) == \"c\"",
        "distinct(view.category, session) == 3",
        "count(buy, 1d) > 0 and count(view, 5m) == 0",
        "days_since(view where category == \"a\") == 0",
        "minutes_since(buy) >= 30",
    ];

    [Theory]
    [InlineData(1, 0.0, false)]
    [InlineData(2, 0.2, false)]
    [InlineData(3, 0.0, true)]
    [InlineData(4, 0.3, true)]
    public void Cached_and_incrementally_updated_values_equal_a_fresh_evaluation(int seed, double outOfOrder, bool sessionIds)
    {
        var random = new Random(seed);
        var cached = SegmentCatalog.Compile(1, Rules.Select((r, i) => new SegmentRule($"r{i}", r)).ToList());
        var facts = new CustomerFacts();
        var incremental = new bool[Rules.Length];
        var full = new bool[Rules.Length];
        var at = Now;
        for (var step = 0; step < 1500; step++)
        {
            at += TimeSpan.FromSeconds(random.Next(0, step % 200 < 150 ? 90 : 2400));
            var timestamp = random.NextDouble() < outOfOrder ? at - TimeSpan.FromMinutes(random.Next(1, 90)) : at;
            var type = random.Next(6) == 0 ? "buy" : "view";
            var session = sessionIds ? $"s{step / 40}" : null;
            var category = RuleValue.FromString(((char)('a' + random.Next(3))).ToString());
            var e = new BehaviourEvent(type, timestamp, random.Next(0, 10), session, new Dictionary<string, RuleValue> { ["category"] = category });
            facts.Record(e, cached);

            if (random.Next(2) == 0)
            {
                cached.EvaluateAfterEvent(facts, at, type, incremental);
            }
            else
            {
                cached.Evaluate(facts, at, incremental);
            }

            var fresh = SegmentCatalog.Compile(1, Rules.Select((r, i) => new SegmentRule($"r{i}", r)).ToList());
            fresh.Evaluate(facts, at, full);
            Assert.True(full.SequenceEqual(incremental), $"step {step}: {string.Join(", ", Rules.Where((_, i) => full[i] != incremental[i]))}");

            var later = at + TimeSpan.FromMinutes(random.Next(0, 50));
            cached.Evaluate(facts, later, incremental);
            fresh.Evaluate(facts, later, full);
            Assert.True(full.SequenceEqual(incremental), $"step {step} later: {string.Join(", ", Rules.Where((_, i) => full[i] != incremental[i]))}");
            cached.Evaluate(facts, at, incremental);
        }

        Assert.True(facts.Behaviour.Types["view"].Recent.Count == BehaviourLedger.MaxRetainedEventsPerType || outOfOrder > 0);
    }
}
