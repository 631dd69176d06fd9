using CsCheck;
using Personalization.Rules.Facts;
using static Personalization.Rules.Tests.Given;

namespace Personalization.Rules.Tests;

/// <summary>
/// Merging two customers' facts must give what one customer that recorded both histories has: every segment of a
/// catalog that reads counts, windows, sessions, aggregates, recency and first seen, evaluated from scratch.
/// </summary>
public sealed class FactsMergeTests
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
        "last(view.category, session) == \"c\"",
        "count(buy, 1d) > 0 and count(view, 5m) == 0",
        "days_since(view where category == \"a\") == 0",
        "minutes_since(buy) >= 30",
        "count(view) >= 150",
        "count(view) >= 300",
        "sum(buy.value) > 120",
        "avg(view.value) > 4.5",
        "min(buy.value) == 0",
        "max(view.value where category == \"a\") == 9",
        "last(view.value) == 3",
        "distinct(view.category) == 4",
        "count(view where category == \"b\") >= 60",
        "count(view, 7d) >= 20",
        "count(view, 60d) >= 200",
        "days_since_first_seen >= 20",
        "days_since(buy) <= 2",
        "count(other, 30m) > 0 or last(buy.value) == 3",
    ];

    private static readonly SegmentCatalog Catalog = SegmentCatalog.Compile(1, Rules.Select((r, i) => new SegmentRule($"r{i}", r)).ToList());

    /// <summary>One generated event: which customer it went to, and how late in the recording order.</summary>
    private sealed record Delivery(BehaviourEvent Event, bool ToAbsorbed, int Order);

    // Up to 450 events over 40 days: past the retained limit per type and the activity marks, and across the retention.
    private static readonly Gen<Delivery[]> Histories =
        Gen.Select(Gen.Int[0, 450], Gen.Int[1, 5], Gen.Bool, Gen.Int)
            .Select((count, spreadMinutes, sessionIds, seed) =>
            {
                var random = new Random(seed);
                var at = Now - TimeSpan.FromDays(40);
                var deliveries = new Delivery[count];
                for (var i = 0; i < count; i++)
                {
                    // Distinct instants: on equal instants which event a full ledger drops is a matter of arrival order.
                    at += TimeSpan.FromSeconds(random.Next(1, 60 * spreadMinutes * (random.Next(40) == 0 ? 400 : 1)));
                    var type = random.Next(8) switch { 0 => "buy", 1 => "other", _ => "view" };
                    double? value = random.Next(6) == 0 ? null : random.Next(0, 10);
                    var session = sessionIds && random.Next(3) > 0 ? $"s{i / 30}" : null;
                    var category = RuleValue.FromString(((char)('a' + random.Next(4))).ToString());
                    var e = new BehaviourEvent(type, at, value, session, new Dictionary<string, RuleValue> { ["category"] = category });
                    deliveries[i] = new Delivery(e, random.Next(2) == 0, random.Next(0, 20) == 0 ? random.Next(count) : i);
                }

                return deliveries;
            });

    [Fact]
    public void Merged_facts_evaluate_every_segment_as_one_customer_holding_both_histories()
    {
        Histories.Sample(
            deliveries =>
            {
                var known = new CustomerFacts();
                var absorbed = new CustomerFacts();
                foreach (var delivery in deliveries.OrderBy(d => d.Order))
                {
                    (delivery.ToAbsorbed ? absorbed : known).Record(delivery.Event, Catalog);
                }

                var oneCustomer = new CustomerFacts();
                foreach (var delivery in deliveries.OrderBy(d => d.Event.Timestamp))
                {
                    oneCustomer.Record(delivery.Event, Catalog);
                }

                var merged = FactsMerge.Merge(known, absorbed, Catalog);
                var last = deliveries.Length == 0 ? Now : deliveries[^1].Event.Timestamp;
                foreach (var at in new[] { last, last + TimeSpan.FromMinutes(10), last + TimeSpan.FromHours(2), last + TimeSpan.FromDays(3) })
                {
                    var expected = new bool[Rules.Length];
                    var actual = new bool[Rules.Length];
                    Catalog.Evaluate(FreshCopy(oneCustomer), at, expected);
                    Catalog.Evaluate(merged, at, actual);
                    Assert.True(expected.SequenceEqual(actual), $"at {at:O}: {string.Join(", ", Rules.Where((_, i) => expected[i] != actual[i]))}");
                }

                Assert.Equal(Summaries(oneCustomer), Summaries(merged));
                Assert.Equal(oneCustomer.FirstSeen, merged.FirstSeen);
                Assert.Equal(oneCustomer.LastSeen, merged.LastSeen);
            },
            iter: 300);
    }

    [Fact]
    public void Merging_with_a_customer_that_has_no_history_changes_nothing()
    {
        var facts = Customer(Attr("country", "CZ")).With(
            Catalog,
            Event("view", Hours(2), 4, "s1", ("category", RuleValue.FromString("a"))),
            Event("buy", Hours(1), 30));
        var expected = new bool[Rules.Length];
        var actual = new bool[Rules.Length];
        Catalog.Evaluate(FreshCopy(facts), Now, expected);
        Catalog.Evaluate(FactsMerge.Merge(new CustomerFacts(), facts, Catalog), Now, actual);
        Assert.Equal(expected, actual);
        Assert.Equal(Summaries(facts), Summaries(FactsMerge.Merge(facts, new CustomerFacts(), Catalog)));
    }

    [Fact]
    public void The_known_customers_attributes_win_on_conflict_unless_told_otherwise()
    {
        var known = Customer(Attr("country", "CZ"), Attr("tier", "gold"));
        var absorbed = Customer(Attr("country", "SK"), Attr("device", "mobile"));

        var knownWins = FactsMerge.Merge(known, absorbed, Catalog);
        Assert.Equal("CZ", knownWins.Profile["country"].AsString);
        Assert.Equal("gold", knownWins.Profile["tier"].AsString);
        Assert.Equal("mobile", knownWins.Profile["device"].AsString);

        var absorbedWins = FactsMerge.Merge(known, absorbed, Catalog, ProfileConflict.AbsorbedWins);
        Assert.Equal("SK", absorbedWins.Profile["country"].AsString);
        Assert.Equal("gold", absorbedWins.Profile["tier"].AsString);
        Assert.Equal(3, absorbedWins.Profile.Count);
    }

    [Fact]
    public void Neither_side_is_changed_by_a_merge()
    {
        var known = new CustomerFacts().With(Catalog, Event("view", Hours(1), 2));
        var absorbed = new CustomerFacts().With(Catalog, Event("view", Hours(2), 5));
        var knownBefore = System.Text.Json.JsonSerializer.Serialize(known);
        var absorbedBefore = System.Text.Json.JsonSerializer.Serialize(absorbed);

        var merged = FactsMerge.Merge(known, absorbed, Catalog);

        Assert.Equal(2, merged.Behaviour.Types["view"].Count);
        Assert.Equal(knownBefore, System.Text.Json.JsonSerializer.Serialize(known));
        Assert.Equal(absorbedBefore, System.Text.Json.JsonSerializer.Serialize(absorbed));
    }

    private static string Summaries(CustomerFacts facts) =>
        string.Join("; ", facts.EventCounters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
