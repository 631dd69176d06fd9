using Personalization.Rules.Facts;

using static Personalization.Rules.Tests.Given;

namespace Personalization.Rules.Tests;

public sealed class SessionTests
{
    private const string ThreeShoeViews = "count(page_view where category == \"shoes\", session) >= 3";

    private static BehaviourEvent View(TimeSpan ago, string category = "shoes", string? session = null) =>
        Event("page_view", ago, session: session, properties: ("category", RuleValue.FromString(category)));

    [Fact]
    public void Without_session_ids_a_gap_of_thirty_minutes_starts_a_new_session()
    {
        Assert.True(Matches(ThreeShoeViews, c => new CustomerFacts().With(c, View(Minutes(50)), View(Minutes(25)), View(Minutes(1)))));
        Assert.False(Matches(ThreeShoeViews, c => new CustomerFacts().With(c, View(Minutes(70)), View(Minutes(40)), View(Minutes(1)))));
        Assert.False(Matches(ThreeShoeViews, c => new CustomerFacts().With(c, View(Minutes(3)), View(Minutes(2), "bags"), View(Minutes(1)))));
    }

    [Fact]
    public void Events_of_other_types_keep_a_session_alive()
    {
        Assert.True(Matches(ThreeShoeViews, c => new CustomerFacts().With(c,
            View(Minutes(80)), Event("search", Minutes(55)), Event("search", Minutes(30)), View(Minutes(10)), View(Minutes(1)))));
    }

    [Fact]
    public void The_session_ends_thirty_minutes_after_its_last_event()
    {
        var catalog = Catalog(ThreeShoeViews);
        var facts = new CustomerFacts().With(catalog, View(Minutes(3)), View(Minutes(2)), View(Minutes(1)));
        var matches = new bool[1];

        catalog.Evaluate(facts, Now + Minutes(29) - TimeSpan.FromTicks(1), matches);
        Assert.True(matches[0]);
        Assert.Equal(Now + Minutes(29), catalog.NextChangeAt(facts, Now));
        catalog.Evaluate(facts, Now + Minutes(29), matches);
        Assert.False(matches[0]);
    }

    [Fact]
    public void A_session_id_groups_events_across_gaps_and_separates_sessions_with_other_ids()
    {
        Assert.True(Matches(ThreeShoeViews, c => new CustomerFacts().With(c,
            View(Minutes(80), session: "s1"), View(Minutes(45), session: "s1"), View(Minutes(1), session: "s1"))));
        Assert.False(Matches(ThreeShoeViews, c => new CustomerFacts().With(c,
            View(Minutes(3), session: "s1"), View(Minutes(2), session: "s1"), View(Minutes(1), session: "s2"))));
        Assert.False(Matches(ThreeShoeViews, c => new CustomerFacts().With(c,
            View(Minutes(3), session: "s1"), View(Minutes(2)), View(Minutes(1)))));
    }

    [Fact]
    public void Session_windows_work_with_every_function()
    {
        Func<SegmentCatalog, CustomerFacts> build = c => new CustomerFacts().With(c,
            Event("purchase", Hours(3), 500),
            Event("purchase", Minutes(20), 10),
            Event("purchase", Minutes(5), 30),
            View(Minutes(4), "bags"),
            View(Minutes(2)));

        Assert.True(Matches("sum(purchase.value, session) == 40", build));
        Assert.True(Matches("avg(purchase.value, session) == 20", build));
        Assert.True(Matches("max(purchase.value, session) == 30", build));
        Assert.True(Matches("min(purchase.value, session) == 10", build));
        Assert.True(Matches("last(purchase.value, session) == 30", build));
        Assert.True(Matches("distinct(page_view.category, session) == 2", build));
        Assert.True(Matches("count(purchase, session) == 2", build));
        Assert.True(Matches("count(purchase) == 3", build));
    }

    [Fact]
    public void A_session_longer_than_the_kept_activity_marks_keeps_its_start()
    {
        var catalog = Catalog("count(view, session) == 200 and count(other, session) == 200 and count(third, session) == 200");
        var facts = new CustomerFacts();
        for (var i = 0; i < 600; i++)
        {
            facts.Record(Event(new[] { "view", "other", "third" }[i % 3], TimeSpan.FromSeconds(5 * (600 - i))), catalog);
        }

        Assert.True(facts.Behaviour.Activity.Length < 600);
        Assert.True(BehaviourTests.AllMatch(catalog, facts));
        Assert.Equal(Now - TimeSpan.FromSeconds(3000), facts.Behaviour.OpenSessionStart);
    }

    [Fact]
    public void An_event_arriving_late_is_placed_in_the_session_its_timestamp_falls_in()
    {
        var catalog = Catalog("count(page_view, session) == 2");
        var facts = new CustomerFacts().With(catalog, View(Minutes(60)), View(Minutes(5)), View(Minutes(1)));
        Assert.True(BehaviourTests.AllMatch(catalog, facts));

        // Stamped 30 minutes ago, it is 25 minutes before the next view: it joins the current session.
        facts.Record(View(Minutes(30)), catalog);
        Assert.False(BehaviourTests.AllMatch(catalog, facts));
        Assert.True(BehaviourTests.AllMatch(Catalog("count(page_view, session) == 3"), facts));

        // Stamped 45 minutes ago, it bridges the gap to the view 60 minutes ago: one session of five views.
        facts.Record(View(Minutes(45)), catalog);
        Assert.True(BehaviourTests.AllMatch(Catalog("count(page_view, session) == 5"), facts));
        Assert.Equal(Now - Minutes(60), facts.Behaviour.OpenSessionStart);
    }
}
