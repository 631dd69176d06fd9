using static Personalization.Rules.Tests.Given;

namespace Personalization.Rules.Tests;

/// <summary>What Evaluate returns: until when its answers hold with no new event or profile change (a grain arms its timer for it).</summary>
public sealed class ValidityTests
{
    [Fact]
    public void A_recency_threshold_holds_until_it_flips_not_until_the_next_minute()
    {
        var catalog = Catalog("minutes_since(view) < 60", "days_since(buy) >= 90");
        var facts = Customer().With(catalog, Event("view", TimeSpan.FromMinutes(10)), Event("buy", TimeSpan.FromDays(3)));

        var validUntil = catalog.Evaluate(facts, Now, new bool[2]);

        Assert.Equal(Now + TimeSpan.FromMinutes(50), validUntil);
        Assert.Equal(catalog.NextChangeAt(facts, Now), validUntil);
    }

    [Fact]
    public void A_window_holds_until_its_event_leaves_it()
    {
        var catalog = Catalog("count(add_to_cart, 1h) > 0 and count(purchase, 1h) == 0", "country == \"CZ\"");
        var facts = Customer(Attr("country", "CZ")).With(catalog, Event("add_to_cart", TimeSpan.FromMinutes(20)));
        var matches = new bool[2];

        var validUntil = catalog.Evaluate(facts, Now, matches);

        Assert.Equal(new[] { true, true }, matches);
        Assert.Equal(Now + TimeSpan.FromMinutes(40), validUntil);
    }

    [Fact]
    public void Answers_that_time_cannot_change_hold_for_ever()
    {
        var catalog = Catalog("country == \"CZ\"", "count(purchase) >= 2", "sum(purchase.value) > 10");
        var facts = Customer(Attr("country", "CZ")).With(catalog, Event("purchase", TimeSpan.FromDays(400), 30));

        Assert.Null(catalog.Evaluate(facts, Now, new bool[3]));
        Assert.Null(catalog.EvaluateAfterEvent(facts, Now, "purchase", new bool[3]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void No_answer_changes_before_the_returned_instant(int seed)
    {
        string[] rules =
        [
            "count(view, 1h) >= 3",
            "count(buy, 1d) > 0 and count(view, 10m) == 0",
            "minutes_since(view where category == \"a\") between 5 and 20",
            "days_since(buy) >= 1 and days_since(buy) < 3",
            "in_segment(\"r1\") or sum(view.value, 2h) > 30",
            "count(view, session) >= 3 or distinct(view.category, 30m) == 2",
            "age_in_years(born) >= 30 or days_since_first_seen >= 2",
        ];
        var random = new Random(seed);
        var catalog = SegmentCatalog.Compile(1, rules.Select((r, i) => new SegmentRule($"r{i}", r)).ToList());
        var facts = Customer(Attr("born", new DateTimeOffset(1996, 3, 16, 0, 0, 0, TimeSpan.Zero)));
        var matches = new bool[rules.Length];
        var later = new bool[rules.Length];
        var at = Now;
        for (var step = 0; step < 400; step++)
        {
            at += TimeSpan.FromMinutes(random.Next(4) == 0 ? random.Next(60, 3000) : random.Next(0, 12));
            var type = random.Next(6) == 0 ? "buy" : "view";
            var category = RuleValue.FromString(random.Next(2) == 0 ? "a" : "b");
            facts.Record(new BehaviourEvent(type, at, random.Next(0, 6), null, new Dictionary<string, RuleValue> { ["category"] = category }), catalog);
            var validUntil = random.Next(2) == 0 ? catalog.EvaluateAfterEvent(facts, at, type, matches) : catalog.Evaluate(facts, at, matches);

            Assert.True(validUntil is null || validUntil > at, $"step {step}: valid until {validUntil}, evaluated at {at}");
            var last = validUntil is { } until ? until - TimeSpan.FromTicks(1) : at + TimeSpan.FromDays(4_000);
            foreach (var probe in new[] { at + (last - at) / 3, at + (last - at) / 2, last })
            {
                catalog.Evaluate(FreshCopy(facts), probe, later);
                Assert.True(matches.SequenceEqual(later), $"step {step}: at {probe}, before {validUntil}: {string.Join(", ", rules.Where((_, i) => matches[i] != later[i]))}");
            }
        }
    }
}
