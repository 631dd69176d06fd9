using Personalization.Rules;

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

    public static CustomerFacts CustomerWithHistory(SegmentCatalog catalog, DateTimeOffset now, int events)
    {
        var facts = new CustomerFacts();
        facts.Profile["age"] = RuleValue.FromNumber(34);
        facts.Profile["gender"] = RuleValue.FromString("female");
        facts.Profile["country"] = RuleValue.FromString("CZ");
        facts.Profile["interests"] = RuleValue.FromStrings(["running", "travel"]);
        facts.Profile["newsletter"] = RuleValue.FromBool(true);
        facts.Profile["email"] = RuleValue.FromString("Jana@Example.com");
        facts.Profile["device"] = RuleValue.FromString("mobile");
        for (var i = 0; i < events; i++)
        {
            facts.Record(EventAt(i, now - TimeSpan.FromHours(events - i)), catalog);
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
