using Personalization.Rules.Facts;

using static Personalization.Rules.Tests.Given;

namespace Personalization.Rules.Tests;

public sealed class CatalogTests
{
    private static SegmentCatalog Compile(params (string Id, string Rule)[] rules) =>
        SegmentCatalog.Compile(7, rules.Select(r => new SegmentRule(r.Id, r.Rule)).ToList());

    [Fact]
    public void Segments_keep_the_given_order_and_version()
    {
        var catalog = Compile(("b", "x == 1"), ("a", "x == 2"));

        Assert.Equal(["b", "a"], catalog.SegmentIds);
        Assert.Equal(7, catalog.Version);
        Assert.Empty(SegmentCatalog.Empty.SegmentIds);
    }

    [Fact]
    public void In_segment_reads_the_referenced_segment_whatever_the_declaration_order()
    {
        var catalog = Compile(
            ("loyal-vip", "in_segment(\"vip\") and count(purchase) >= 2"),
            ("vip", "sum(purchase.value) >= 100"),
            ("not-vip", "not in_segment(\"vip\")"));
        var facts = new CustomerFacts().With(catalog, Event("purchase", Days(2), 70), Event("purchase", Days(1), 50));
        var matches = new bool[3];

        catalog.Evaluate(facts, Now, matches);

        Assert.Equal([true, true, false], matches);
    }

    [Fact]
    public void A_reference_to_an_unknown_segment_is_rejected_with_its_position()
    {
        var error = Assert.Throws<SegmentRuleException>(() => Compile(("a", "x == 1 or\n  in_segment(\"ghost\")")));

        Assert.Equal("a", error.SegmentId);
        Assert.Equal((2, 14), (error.Line, error.Column));
        Assert.Contains("unknown segment 'ghost'", error.Message);
    }

    [Fact]
    public void Reference_cycles_are_rejected_and_named()
    {
        var error = Assert.Throws<SegmentRuleException>(() => Compile(
            ("a", "in_segment(\"b\")"), ("b", "in_segment(\"c\")"), ("c", "in_segment(\"a\")"), ("d", "in_segment(\"a\")")));

        Assert.Equal("a", error.SegmentId);
        Assert.Contains("'a' -> 'b' -> 'c' -> 'a'", error.Message);
        Assert.Contains("self", Assert.Throws<SegmentRuleException>(() => Compile(("self", "in_segment(\"self\")"))).Message);
    }

    [Fact]
    public void A_syntax_error_in_a_catalog_names_the_segment_and_position()
    {
        var error = Assert.Throws<SegmentRuleException>(() => Compile(("ok", "x == 1"), ("broken", "x ==")));

        Assert.Equal("broken", error.SegmentId);
        Assert.Equal((1, 5), (error.Line, error.Column));
        Assert.Equal("segment 'broken': line 1, column 5: expected a value: a name, a literal, a list, a function call or '(' but found end of rule", error.Message);
        Assert.IsType<RuleSyntaxException>(error.InnerException);
    }

    [Fact]
    public void Duplicate_ids_and_too_many_segments_are_rejected()
    {
        Assert.Contains("defined twice", Assert.Throws<SegmentRuleException>(() => Compile(("a", "x == 1"), ("a", "x == 2"))).Message);

        var tooMany = Enumerable.Range(0, SegmentCatalog.MaxSegments + 1).Select(i => new SegmentRule($"s{i}", "x == 1")).ToList();
        var error = Assert.Throws<SegmentRuleException>(() => SegmentCatalog.Compile(1, tooMany));
        Assert.Equal($"s{SegmentCatalog.MaxSegments}", error.SegmentId);
    }

    [Fact]
    public void Validate_checks_one_rule_without_the_catalog()
    {
        SegmentCatalog.Validate("in_segment(\"anything\") and count(purchase, 7d) > 0");
        Assert.Throws<RuleSyntaxException>(() => SegmentCatalog.Validate("count(purchase"));
    }

    [Fact]
    public void Matches_must_have_one_slot_per_segment()
    {
        var catalog = Compile(("a", "x == 1"));

        Assert.Throws<ArgumentException>(() => catalog.Evaluate(new CustomerFacts(), Now, new bool[2]));
    }

    [Fact]
    public void Evaluating_after_an_event_skips_segments_that_cannot_depend_on_it()
    {
        var catalog = Compile(
            ("buyer", "count(purchase) > 0"),
            ("czech", "country == \"CZ\""),
            ("recent-viewer", "count(page_view, 1h) > 0"),
            ("vip-buyer", "in_segment(\"buyer\") and country == \"CZ\""));
        var facts = Customer(Attr("country", "CZ"));
        var matches = new bool[4];
        catalog.Evaluate(facts, Now, matches);
        Assert.Equal([false, true, false, false], matches);

        // A deliberately stale slot shows which segments were not re-evaluated.
        matches[1] = false;
        facts.Record(Event("purchase", TimeSpan.Zero, 10), catalog);
        catalog.EvaluateAfterEvent(facts, Now, "purchase", matches);

        Assert.Equal([true, false, false, true], matches);
    }

    [Fact]
    public void Evaluating_after_events_gives_the_same_answers_as_a_full_evaluation()
    {
        var catalog = Compile(
            ("a", "count(purchase) >= 2"),
            ("b", "count(page_view, session) >= 2"),
            ("c", "days_since_first_seen >= 0 and count(page_view) > 0"),
            ("d", "in_segment(\"a\") or in_segment(\"b\")"),
            ("e", "sum(purchase.value, 1h) > 50"),
            ("f", "country == \"CZ\""));
        var facts = Customer(Attr("country", "CZ"));
        var incremental = new bool[6];
        var full = new bool[6];
        catalog.Evaluate(facts, Now, incremental);
        var random = new Random(3);
        var at = Now;
        for (var i = 0; i < 200; i++)
        {
            at += TimeSpan.FromMinutes(random.Next(0, 40));
            var type = random.Next(3) switch { 0 => "purchase", 1 => "page_view", _ => "other" };
            facts.Record(new BehaviourEvent(type, at - TimeSpan.FromMinutes(random.Next(0, 5)), random.Next(0, 40)), catalog);
            catalog.EvaluateAfterEvent(facts, at, type, incremental);
            catalog.Evaluate(System.Text.Json.JsonSerializer.Deserialize<CustomerFacts>(System.Text.Json.JsonSerializer.Serialize(facts))!, at, full);
            Assert.Equal(full, incremental);
        }
    }

    [Fact]
    public void Next_change_is_the_end_of_the_cart_hour()
    {
        var catalog = Compile(("cart", "count(add_to_cart, 1h) > 0 and count(purchase, 1h) == 0"));
        var facts = new CustomerFacts().With(catalog, Event("add_to_cart", Minutes(10)));

        Assert.Equal(Now + Minutes(50), catalog.NextChangeAt(facts, Now));
    }

    [Fact]
    public void Next_change_is_the_instant_a_recency_threshold_is_crossed_not_every_day()
    {
        var catalog = Compile(("lapsed", "count(purchase) > 0 and days_since(purchase) >= 60"), ("fresh", "minutes_since(add_to_cart) < 30"));
        var facts = new CustomerFacts().With(catalog, Event("purchase", Days(10)), Event("add_to_cart", Days(20)));

        Assert.Equal(Now + Days(50), catalog.NextChangeAt(facts, Now));

        var lapsed = new bool[2];
        catalog.Evaluate(facts, Now + Days(50) - TimeSpan.FromTicks(1), lapsed);
        Assert.False(lapsed[0]);
        catalog.Evaluate(facts, Now + Days(50), lapsed);
        Assert.True(lapsed[0]);
        Assert.Null(catalog.NextChangeAt(facts, Now + Days(50)));
    }

    [Fact]
    public void Next_change_ignores_time_when_a_condition_time_cannot_change_is_false()
    {
        var catalog = Compile(("cz-cart", "country == \"CZ\" and count(add_to_cart, 1h) > 0"));
        var facts = Customer(Attr("country", "DE")).With(catalog, Event("add_to_cart", Minutes(10)));

        Assert.Null(catalog.NextChangeAt(facts, Now));
        facts.MergeProfile([new("country", RuleValue.FromString("CZ"))]);
        Assert.Equal(Now + Minutes(50), catalog.NextChangeAt(facts, Now));
    }

    [Fact]
    public void Next_change_covers_future_stamped_events_sessions_birthdays_and_references()
    {
        var catalog = Compile(
            ("soon", "count(purchase, 1d) > 0"),
            ("session", "count(page_view, session) > 0"),
            ("birthday", "age_in_years(birth_date) >= 30"),
            ("via", "in_segment(\"session\")"));
        var facts = Customer(Attr("birth_date", new DateTimeOffset(1996, 3, 20, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero), catalog.NextChangeAt(facts, Now));

        facts.Record(Event("purchase", -Minutes(3)), catalog);
        Assert.Equal(Now + Minutes(3), catalog.NextChangeAt(facts, Now));

        facts.Record(Event("page_view", Minutes(1)), catalog);
        Assert.Equal(Now + Minutes(3), catalog.NextChangeAt(facts, Now));

        // By then the purchase stamped 3 minutes ahead is the session's latest event, so the session ends 30 minutes after it.
        Assert.Equal(Now + Minutes(33), catalog.NextChangeAt(facts, Now + Minutes(10)));
    }

    /// <summary>How fast a catalog compiles is a benchmark's question (load-tests/), not a unit test's.</summary>
    [Fact]
    public void A_thousand_rules_compile_into_a_thousand_segments()
    {
        var rules = Enumerable.Range(0, 1000)
            .Select(i => new SegmentRule($"s{i}", $"country == \"C{i % 50}\" and count(purchase, {1 + i % 30}d) >= {i % 5} and sum(purchase.value) > {i}"))
            .ToList();

        var catalog = SegmentCatalog.Compile(1, rules);

        Assert.Equal(rules.Select(r => r.SegmentId).Order(StringComparer.Ordinal), catalog.SegmentIds.Order(StringComparer.Ordinal));
    }
}
