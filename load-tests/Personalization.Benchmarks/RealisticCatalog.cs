using Personalization.Rules;
using Personalization.Rules.Facts;

namespace Personalization.Benchmarks;

/// <summary>Segment rules of the kinds a shop defines (demographic, geographic, behavioural, RFM, cart, session), with varied parameters.</summary>
internal static class RealisticCatalog
{
    private static readonly string[] Categories = ["shoes", "bags", "hats", "coats", "socks"];

    private static readonly Func<int, string>[] Templates =
    [
        i => $"country in [\"CZ\", \"SK\"] and count(purchase) >= {1 + i % 5}",
        i => $"age between {18 + i % 30} and {28 + i % 30} and gender == \"female\"",
        i => $"count(page_view, {1 + i % 14}d) >= {2 + i % 10}",
        i => $"count(page_view where category == \"{Categories[i % Categories.Length]}\", session) >= {1 + i % 4}",
        _ => "count(add_to_cart, 1h) > 0 and count(purchase, 1h) == 0",
        i => $"sum(purchase.value, {7 + i % 60}d) >= {50 + i * 7}",
        i => $"days_since(purchase) <= {7 + i % 50} and count(purchase, 365d) >= {1 + i % 6}",
        i => $"interests contains \"{(i % 2 == 0 ? "running" : "wine")}\" and newsletter == true",
        i => $"distinct(page_view.category, 7d) >= {1 + i % 4}",
        i => $"avg(purchase.value) between {10 + i % 40} and {200 + i}",
        i => $"minutes_since(add_to_cart) < {10 + i % 50}",
        i => $"ends_with(lower(email), \"@example.com\") and age >= {20 + i % 20}",
        i => $"in_segment(\"seg-{i % 10}\") and device == \"mobile\"",
    ];

    public static List<SegmentRule> Rules(int count) =>
        Enumerable.Range(0, count).Select(i => new SegmentRule($"seg-{i}", Templates[i % Templates.Length](i))).ToList();

    public static CustomerFacts Profile(int seed)
    {
        var facts = new CustomerFacts();
        facts.MergeProfile([new("age", RuleValue.FromNumber(18 + seed % 50))]);
        facts.MergeProfile([new("gender", RuleValue.FromString(seed % 2 == 0 ? "female" : "male"))]);
        facts.MergeProfile([new("country", RuleValue.FromString(seed % 3 == 0 ? "DE" : "CZ"))]);
        facts.MergeProfile([new("interests", RuleValue.FromStrings(seed % 2 == 0 ? ["running", "travel"] : ["wine"]))]);
        facts.MergeProfile([new("newsletter", RuleValue.FromBool(seed % 4 != 0))]);
        facts.MergeProfile([new("email", RuleValue.FromString($"customer{seed}@Example.com"))]);
        facts.MergeProfile([new("device", RuleValue.FromString(seed % 3 == 1 ? "desktop" : "mobile"))]);
        return facts;
    }

    /// <summary>
    /// About 120 events over the last 60 days: a browsing session every two days (page views a minute apart,
    /// sometimes a cart, now and then a purchase).
    /// </summary>
    public static CustomerFacts CustomerWithHistory(SegmentCatalog catalog, DateTimeOffset now, int seed)
    {
        var facts = Profile(seed);
        var random = new Random(seed);
        for (var day = 60; day > 0; day -= 2)
        {
            var at = now - TimeSpan.FromDays(day) + TimeSpan.FromMinutes(random.Next(0, 600));
            var views = random.Next(2, 6);
            for (var i = 0; i < views; i++)
            {
                facts.Record(EventAt(3 + random.Next(7), at += TimeSpan.FromMinutes(1)), catalog);
            }

            if (random.Next(3) == 0)
            {
                facts.Record(EventAt(1, at += TimeSpan.FromMinutes(1)), catalog);
            }

            if (random.Next(6) == 0)
            {
                facts.Record(EventAt(0, at + TimeSpan.FromMinutes(1)), catalog);
            }
        }

        return facts;
    }

    /// <summary>One customer who browses all day: more events in the windows than the ledger retains per type.</summary>
    public static CustomerFacts HeavyCustomer(SegmentCatalog catalog, DateTimeOffset now, int events)
    {
        var facts = Profile(0);
        for (var i = 0; i < events; i++)
        {
            facts.Record(EventAt(i, now - TimeSpan.FromMinutes(events - i)), catalog);
        }

        return facts;
    }

    /// <summary>Mostly page views, some carts and purchases, as a shop's traffic is.</summary>
    public static BehaviourEvent EventAt(int sequence, DateTimeOffset timestamp)
    {
        var category = new Dictionary<string, RuleValue> { ["category"] = RuleValue.FromString(Categories[sequence % Categories.Length]) };
        return (sequence % 10) switch
        {
            0 => new BehaviourEvent("purchase", timestamp, 20 + sequence % 90, null, category),
            1 or 2 => new BehaviourEvent("add_to_cart", timestamp, 20 + sequence % 90, null, category),
            _ => new BehaviourEvent("page_view", timestamp, null, null, category),
        };
    }
}
