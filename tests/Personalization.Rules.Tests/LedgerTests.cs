using System.Text.Json;
using Personalization.Rules.Facts;
using static Personalization.Rules.Tests.Given;

namespace Personalization.Rules.Tests;

public sealed class LedgerTests
{
    [Fact]
    public void Raw_events_per_type_are_capped_while_lifetime_counters_stay_exact()
    {
        var catalog = Catalog("count(page_view) == 1000 and count(page_view, 1d) == 256");
        var facts = new CustomerFacts();
        for (var i = 0; i < 1000; i++)
        {
            facts.Record(Event("page_view", Minutes(1000 - i)), catalog);
        }

        Assert.True(BehaviourTests.AllMatch(catalog, facts));
        Assert.Equal(BehaviourLedger.MaxRetainedEventsPerType, facts.Behaviour.Types["page_view"].Recent.Length);
        Assert.Equal(BehaviourLedger.MaxRetainedEventsPerType, facts.Behaviour.Types["page_view"].RetainedCapacity);
        Assert.Equal(1000, facts.EventCounters["page_view"].Count);
    }

    [Fact]
    public void Raw_events_older_than_the_retention_are_dropped_and_the_longest_window_extends_it()
    {
        var shortRules = Catalog("count(purchase, 1h) > 0");
        var longRules = Catalog("count(purchase, 90d) > 0");
        BehaviourEvent[] events = [Event("purchase", Days(80)), Event("purchase", Days(40)), Event("purchase", Days(1))];

        var kept = new CustomerFacts().With(shortRules, events).Behaviour.Types["purchase"].Recent;
        var keptLonger = new CustomerFacts().With(longRules, events).Behaviour.Types["purchase"].Recent;

        Assert.Equal([Now - Days(1)], kept.ToArray().Select(e => e.Timestamp));
        Assert.Equal(3, keptLonger.Length);
    }

    [Fact]
    public void Only_properties_that_rules_read_are_retained()
    {
        var catalog = Catalog("count(page_view where category == \"shoes\", 7d) > 0 and sum(purchase.items, 7d) > 0");
        var facts = new CustomerFacts().With(catalog,
            Event("page_view", Hours(1), properties: [("category", RuleValue.FromString("shoes")), ("referrer", RuleValue.FromString("x"))]),
            Event("purchase", Hours(1), properties: [("items", RuleValue.FromNumber(2)), ("coupon", RuleValue.FromString("y"))]));

        Assert.Equal(["category"], facts.Behaviour.Types["page_view"].Recent.Span[0].Properties!.Keys);
        Assert.Equal(["items"], facts.Behaviour.Types["purchase"].Recent.Span[0].Properties!.Keys);
        Assert.True(BehaviourTests.AllMatch(catalog, facts));
    }

    [Fact]
    public void Event_types_no_rule_names_are_tracked_up_to_a_cap_but_named_types_always_are()
    {
        var catalog = Catalog("count(purchase) == 1");
        var facts = new CustomerFacts();
        for (var i = 0; i < BehaviourLedger.MaxTrackedEventTypes + 20; i++)
        {
            facts.Record(Event($"noise_{i}", Minutes(100)), catalog);
        }

        facts.Record(Event("purchase", Minutes(1)), catalog);

        Assert.Equal(BehaviourLedger.MaxTrackedEventTypes + 1, facts.Behaviour.Types.Count);
        Assert.True(BehaviourTests.AllMatch(catalog, facts));
        Assert.Equal(Now - Minutes(1), facts.LastSeen);
    }

    [Fact]
    public void A_rule_added_later_sees_the_retained_history()
    {
        var before = Catalog("count(purchase) > 0");
        var facts = new CustomerFacts().With(before, Event("purchase", Days(3), 20), Event("purchase", Days(2), 70), Event("purchase", Days(1), 30));
        var after = Catalog("count(purchase, 7d) == 3 and sum(purchase.value where value > 25) == 100 and max(purchase.value, 2d) == 30");

        Assert.True(BehaviourTests.AllMatch(after, facts));
        facts.Record(Event("purchase", Hours(1), 10), after);
        Assert.NotNull(facts.Behaviour.Types["purchase"].Derived);
        Assert.True(BehaviourTests.AllMatch(Catalog("sum(purchase.value where value > 25) == 100 and count(purchase, 7d) == 4"), facts));
    }

    [Fact]
    public void Lifetime_filtered_aggregates_outlive_the_raw_events()
    {
        var catalog = Catalog("count(purchase where category == \"shoes\") == 300 and distinct(purchase.category) == 2");
        var facts = new CustomerFacts();
        for (var i = 0; i < 400; i++)
        {
            facts.Record(Event("purchase", Days(400 - i), 1, properties: ("category", RuleValue.FromString(i % 4 == 0 ? "bags" : "shoes"))), catalog);
        }

        Assert.True(BehaviourTests.AllMatch(catalog, facts));
        Assert.True(facts.Behaviour.Types["purchase"].Recent.Length < 400);
    }

    [Fact]
    public void A_type_with_few_retained_events_reserves_room_for_few()
    {
        var catalog = Catalog("count(view, 1d) >= 1");
        var facts = new CustomerFacts();
        var capacities = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            facts.Record(Event("view", Minutes(10 - i)), catalog);
            capacities.Add(facts.Behaviour.Types["view"].RetainedCapacity);
        }

        Assert.Equal([1, 2, 4, 4, 8, 8], capacities);
        Assert.True(Matches("count(view, 1d) == 6", facts));
    }

    [Fact]
    public void Facts_round_trip_through_json_and_evaluate_the_same()
    {
        var catalog = Catalog(
            "count(purchase where category == \"shoes\") == 2",
            "distinct(purchase.category) == 2",
            "sum(purchase.value, 30d) == 30",
            "count(page_view, session) == 1",
            "country == \"CZ\" and birth_date < \"2000-01-01\"",
            "last(purchase.category) == \"bags\"");
        var facts = Customer(Attr("country", "CZ"), Attr("birth_date", new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero))).With(catalog,
            Event("purchase", Days(40), 5, properties: ("category", RuleValue.FromString("shoes"))),
            Event("purchase", Days(20), 10, properties: ("category", RuleValue.FromString("shoes"))),
            Event("purchase", Days(10), 20, "s1", ("category", RuleValue.FromString("bags"))),
            Event("page_view", Minutes(3), session: "s9"));
        var original = new bool[6];
        catalog.Evaluate(facts, Now, original);

        var json = JsonSerializer.Serialize(facts);
        var read = JsonSerializer.Deserialize<CustomerFacts>(json)!;
        var again = new bool[6];
        catalog.Evaluate(read, Now, again);

        Assert.All(original, Assert.True);
        Assert.Equal(original, again);
        Assert.Equal(json, JsonSerializer.Serialize(read));
        Assert.Equal(facts.EventCounters, read.EventCounters);
        Assert.DoesNotContain("EventCounters", json);
    }

    [Fact]
    public void Replacing_the_profile_or_the_ledger_is_seen_by_the_next_evaluation()
    {
        var catalog = Catalog("country == \"CZ\" and count(purchase) == 1");
        var facts = Customer(Attr("country", "CZ")).With(catalog, Event("purchase", Days(1)));
        Assert.True(BehaviourTests.AllMatch(catalog, facts));

        facts.Profile = ProfileAttributes.From([new("country", RuleValue.FromString("SK"))]);
        Assert.False(BehaviourTests.AllMatch(catalog, facts));

        facts.MergeProfile([new("country", RuleValue.FromString("CZ"))]);
        facts.Behaviour = new BehaviourLedger();
        Assert.False(BehaviourTests.AllMatch(catalog, facts));
    }
}
