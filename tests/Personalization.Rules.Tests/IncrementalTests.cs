using Personalization.Rules.Facts;

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

        // At the retention cap these sit at the edge, so a count that failed to drop a discarded event flips them.
        "count(view, 1h) <= 256 and count(view, 1h) >= 250",
        "count(view, session) <= 256 and count(view, session) >= 250",
        "count(view where category == \"a\", 1h) <= 90",
        "distinct(view.category, 1h) == 3",
        "distinct(view.category, session) == 2",
    ];

    [Theory]
    [InlineData(1, 0.0, false, 90)]
    [InlineData(2, 0.2, false, 90)]
    [InlineData(3, 0.0, true, 90)]
    [InlineData(4, 0.3, true, 90)]
    [InlineData(5, 0.0, false, 3)]
    [InlineData(6, 0.0, true, 3)]
    [InlineData(7, 0.05, false, 3)]
    public void Cached_and_incrementally_updated_values_equal_a_fresh_evaluation(int seed, double outOfOrder, bool sessionIds, int maxGapSeconds)
    {
        var random = new Random(seed);
        var cached = SegmentCatalog.Compile(1, Rules.Select((r, i) => new SegmentRule($"r{i}", r)).ToList());
        var facts = new CustomerFacts();
        var incremental = new bool[Rules.Length];
        var full = new bool[Rules.Length];
        var at = Now;
        for (var step = 0; step < 1500; step++)
        {
            // Mostly short gaps, now and then a long one; with gaps of seconds, windows and sessions outgrow the retained events.
            var longGap = maxGapSeconds > 60 ? step % 200 >= 150 : step % 500 == 499;
            at += TimeSpan.FromSeconds(random.Next(0, longGap ? 2400 : maxGapSeconds));
            var timestamp = random.NextDouble() < outOfOrder ? at - TimeSpan.FromMinutes(random.Next(1, 90)) : at;
            var type = random.Next(6) == 0 ? "buy" : "view";
            var session = sessionIds ? $"s{step / 40}" : null;
            // Categories drift over time, so the distinct values in a window change as old events leave it.
            var category = RuleValue.FromString(((char)('a' + (step / 200 + random.Next(2)) % 4)).ToString());
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

            var fresh = FreshCopy(facts);
            cached.Evaluate(fresh, at, full);
            Assert.True(full.SequenceEqual(incremental), $"step {step}: {string.Join(", ", Rules.Where((_, i) => full[i] != incremental[i]))}");

            if (step % 10 == 0)
            {
                var later = at + TimeSpan.FromMinutes(random.Next(0, 50));
                cached.Evaluate(facts, later, incremental);
                cached.Evaluate(FreshCopy(facts), later, full);
                Assert.True(full.SequenceEqual(incremental), $"step {step} later: {string.Join(", ", Rules.Where((_, i) => full[i] != incremental[i]))}");
                cached.Evaluate(facts, at, incremental);
            }
        }

        Assert.True(facts.Behaviour.Types["view"].Recent.Length == BehaviourLedger.MaxRetainedEventsPerType || outOfOrder > 0);
    }

    [Fact]
    public void Evaluating_only_after_events_skips_nothing_that_changed()
    {
        string[] rules =
        [
            "count(buy, 1h) > 0 and count(view, 10m) == 0",
            "days_since(buy) >= 1 and days_since(buy) < 3",
            "minutes_since(view where category == \"a\") between 5 and 20",
            "in_segment(\"r1\") or sum(view.value, 2h) > 30",
            "count(view, session) >= 3 and country == \"CZ\"",
            "age_in_years(born) >= 30 and count(buy) > 0",
            "days_since_first_seen >= 2",
            "count(other, 30m) > 0 or last(buy.value) == 3",
        ];
        var random = new Random(11);
        var catalog = SegmentCatalog.Compile(1, rules.Select((r, i) => new SegmentRule($"r{i}", r)).ToList());
        var facts = Customer(Attr("country", "CZ"), Attr("born", new DateTimeOffset(1996, 3, 20, 0, 0, 0, TimeSpan.Zero)));
        var incremental = new bool[rules.Length];
        var full = new bool[rules.Length];
        catalog.Evaluate(facts, Now, incremental);
        var at = Now;
        for (var step = 0; step < 2000; step++)
        {
            at += TimeSpan.FromMinutes(random.Next(4) == 0 ? random.Next(60, 3000) : random.Next(0, 12));
            var type = random.Next(8) switch { 0 => "buy", 1 => "other", _ => "view" };
            var category = RuleValue.FromString(random.Next(2) == 0 ? "a" : "b");
            facts.Record(new BehaviourEvent(type, at, random.Next(0, 6), null, new Dictionary<string, RuleValue> { ["category"] = category }), catalog);
            catalog.EvaluateAfterEvent(facts, at, type, incremental);

            catalog.Evaluate(FreshCopy(facts), at, full);
            Assert.True(full.SequenceEqual(incremental), $"step {step}: {string.Join(", ", rules.Where((_, i) => full[i] != incremental[i]))}");
        }
    }
}
