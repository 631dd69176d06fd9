using Personalization.Rules.Facts;

using static Personalization.Rules.Tests.Given;

namespace Personalization.Rules.Tests;

public sealed class BehaviourTests
{
    private static CustomerFacts Shopper(SegmentCatalog catalog) => new CustomerFacts().With(
        catalog,
        Event("page_view", Days(40), session: null, properties: ("category", RuleValue.FromString("shoes"))),
        Event("purchase", Days(45), 100),
        Event("purchase", Days(10), 40, properties: ("items", RuleValue.FromNumber(3))),
        Event("purchase", Days(3), 60, properties: ("items", RuleValue.FromNumber(1))),
        Event("page_view", Hours(2), properties: ("category", RuleValue.FromString("shoes"))),
        Event("page_view", Minutes(20), properties: ("category", RuleValue.FromString("bags"))),
        Event("page_view", Minutes(5), properties: ("category", RuleValue.FromString("shoes"))),
        Event("add_to_cart", Minutes(4), 60));

    [Theory]
    [InlineData("count(purchase) == 3")]
    [InlineData("count(page_view) == 4")]
    [InlineData("count(signup) == 0")]
    [InlineData("sum(purchase.value) == 200")]
    [InlineData("sum(signup.value) == 0")]
    [InlineData("avg(purchase.value) == 200 / 3")]
    [InlineData("avg(signup.value) == null")]
    [InlineData("min(purchase.value) == 40")]
    [InlineData("max(purchase.value) == 100")]
    [InlineData("last(purchase.value) == 60")]
    [InlineData("sum(purchase.items) == 4")]
    [InlineData("max(purchase.items) == 3")]
    [InlineData("distinct(page_view.category) == 2")]
    [InlineData("days_since(purchase) == 3")]
    [InlineData("days_since(signup) == null")]
    [InlineData("minutes_since(add_to_cart) == 4")]
    [InlineData("count(page_view where category == \"shoes\") == 3")]
    [InlineData("days_since(purchase where value >= 100) == 45")]
    [InlineData("last(page_view.category) == \"shoes\"")]
    [InlineData("days_since_first_seen == 45")]
    public void Lifetime_functions(string rule) => Assert.True(Matches(rule, Shopper), rule);

    [Theory]
    [InlineData("count(purchase, 30d) == 2")]
    [InlineData("count(purchase, 3d) == 0")]
    [InlineData("count(purchase, 73h) == 1")]
    [InlineData("sum(purchase.value, 30d) == 100")]
    [InlineData("avg(purchase.value, 30d) == 50")]
    [InlineData("min(purchase.value, 90d) == 40")]
    [InlineData("max(purchase.value, 30d) == 60")]
    [InlineData("avg(purchase.value, 1d) == null")]
    [InlineData("count(page_view, 1h) == 2")]
    [InlineData("count(page_view where category == \"shoes\", 1h) == 1")]
    [InlineData("distinct(page_view.category, 1h) == 2")]
    [InlineData("distinct(page_view.category, 30m) == 2")]
    [InlineData("distinct(page_view.category, 10m) == 1")]
    [InlineData("last(purchase.value, 5d) == 60")]
    public void Windowed_functions(string rule) => Assert.True(Matches(rule, Shopper), rule);

    [Fact]
    public void The_example_rule_matches_a_recent_repeat_buyer_from_the_right_country()
    {
        const string rule = "country in [\"CZ\",\"SK\"] and count(purchase) >= 2 and days_since(purchase) <= 30";

        Assert.True(Matches(rule, catalog => Shopper(catalog).Also(("country", RuleValue.FromString("SK")))));
        Assert.False(Matches(rule, catalog => Shopper(catalog).Also(("country", RuleValue.FromString("DE")))));
        Assert.False(Matches(rule, catalog => Shopper(catalog).Also(("country", RuleValue.FromString("CZ"))), Now + Days(28)));
    }

    [Fact]
    public void A_window_counts_events_in_the_half_open_interval_ending_now()
    {
        var catalog = Catalog("count(purchase, 1h) == 1");
        var facts = new CustomerFacts().With(catalog, Event("purchase", TimeSpan.Zero));
        var matches = new bool[1];

        catalog.Evaluate(facts, Now, matches);
        Assert.True(matches[0]);
        catalog.Evaluate(facts, Now + Hours(1) - TimeSpan.FromTicks(1), matches);
        Assert.True(matches[0]);
        catalog.Evaluate(facts, Now + Hours(1), matches);
        Assert.False(matches[0]);
        catalog.Evaluate(facts, Now - TimeSpan.FromTicks(1), matches);
        Assert.False(matches[0]);
    }

    [Fact]
    public void Days_since_counts_whole_days()
    {
        var catalog = Catalog("days_since(purchase) == 1");
        var facts = new CustomerFacts().With(catalog, Event("purchase", TimeSpan.Zero));
        var matches = new bool[1];

        catalog.Evaluate(facts, Now + Hours(23), matches);
        Assert.False(matches[0]);
        catalog.Evaluate(facts, Now + Hours(24), matches);
        Assert.True(matches[0]);
        catalog.Evaluate(facts, Now + Hours(47), matches);
        Assert.True(matches[0]);
        catalog.Evaluate(facts, Now + Hours(48), matches);
        Assert.False(matches[0]);
    }

    [Fact]
    public void Events_arriving_out_of_order_are_placed_by_their_timestamps()
    {
        var catalog = Catalog("last(purchase.value) == 10 and days_since(purchase) == 1 and count(purchase, 2d) == 1");
        var facts = new CustomerFacts().With(catalog, Event("purchase", Days(1), 10), Event("purchase", Days(5), 99));

        Assert.True(AllMatch(catalog, facts));
        Assert.Equal(Now - Days(5), facts.FirstSeen);
        Assert.Equal(Now - Days(1), facts.LastSeen);
        var summary = facts.EventCounters["purchase"];
        Assert.Equal(new EventCounters(2, 109, 54.5, 10, 99, 10, Now - Days(5), Now - Days(1)), summary);
    }

    [Fact]
    public void Cart_abandonment_is_expressible_and_ends_when_the_hour_passes()
    {
        const string rule = "count(add_to_cart, 1h) > 0 and count(purchase, 1h) == 0";
        var catalog = Catalog(rule);
        var facts = new CustomerFacts().With(catalog, Event("add_to_cart", Minutes(10)));

        Assert.True(AllMatch(catalog, facts));
        Assert.False(AllMatch(catalog, facts, Now + Minutes(50)));
        Assert.False(AllMatch(catalog, new CustomerFacts().With(catalog, Event("add_to_cart", Minutes(10)), Event("purchase", Minutes(2)))));
    }

    [Fact]
    public void Values_are_ignored_when_an_event_has_none()
    {
        var catalog = Catalog("avg(purchase.value) == 10 and count(purchase) == 2");
        var facts = new CustomerFacts().With(catalog, Event("purchase", Days(2), 10), Event("purchase", Days(1)));

        Assert.True(AllMatch(catalog, facts));
        Assert.Null(facts.EventCounters["purchase"].LastValue);
    }

    internal static bool AllMatch(SegmentCatalog catalog, CustomerFacts facts, DateTimeOffset? at = null)
    {
        var matches = new bool[catalog.SegmentIds.Count];
        catalog.Evaluate(facts, at ?? Now, matches);
        return matches.All(m => m);
    }
}

internal static class FactsExtensions
{
    public static CustomerFacts Also(this CustomerFacts facts, params (string Name, RuleValue Value)[] attributes)
    {
        foreach (var (name, value) in attributes)
        {
            facts.MergeProfile([new(name, value)]);
        }

        return facts;
    }
}
