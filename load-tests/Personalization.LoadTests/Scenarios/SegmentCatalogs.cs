using System.Globalization;

namespace Personalization.LoadTests.Scenarios;

/// <summary>One generated segment: its id, which kind of segmentation it stands for, and its rule.</summary>
public sealed record GeneratedSegment(string Id, string Kind, string Name, string Rule);

/// <summary>
/// Segment catalogs of the size and variety a shop runs: demographic, geographic, psychographic, behavioural
/// and loyalty rules in turn, with windows from an hour to a year, sessions, recency, filters and the odd
/// reference to another segment. Parameters vary with the index, so no two segments are the same rule and
/// the engine cannot share one computation between them all.
/// </summary>
public static class SegmentCatalogs
{
    public static readonly string[] Kinds = ["demographic", "geographic", "psychographic", "behavioural", "loyalty"];

    private static readonly string[] Countries = ["CZ", "SK", "DE", "AT", "PL", "GB", "FR", "US"];
    private static readonly string[] Cities = ["Brno", "Praha", "Bratislava", "Wien", "Berlin", "London", "Krakow", "Paris"];
    private static readonly string[] Interests = ["running", "cycling", "travel", "wine", "cooking", "gaming", "golf", "tennis"];
    private static readonly string[] Lifestyles = ["outdoor", "urban", "family", "student"];
    private static readonly string[] Categories = ["shoes", "bags", "hats", "coats", "socks", "accessories"];

    private static readonly Func<int, string>[][] Templates =
    [
        [
            i => $"age between {18 + i % 30} and {28 + i % 30} and gender == \"{(i % 2 == 0 ? "female" : "male")}\"",
            i => $"age_in_years(birth_date) >= {18 + i % 20} and age_in_years(birth_date) < {30 + i % 30}",
            i => $"age < {20 + i % 15} or age == null",
        ],
        [
            i => $"country in [\"{Pick(Countries, i)}\", \"{Pick(Countries, i + 1)}\"]",
            i => $"country == \"{Pick(Countries, i)}\" and city not in [\"Praha\", \"Prague\"]",
            i => $"lower(city) == \"{Pick(Cities, i).ToLowerInvariant()}\" or starts_with(postal_code, \"{i % 10}\")",
        ],
        [
            i => $"interests contains \"{Pick(Interests, i)}\" and lifestyle == \"{Pick(Lifestyles, i)}\"",
            i => $"interests in [\"{Pick(Interests, i)}\", \"{Pick(Interests, i + 3)}\"]",
            i => $"\"{Pick(Interests, i)}\" in interests and newsletter",
        ],
        [
            i => $"distinct(page_view.category, {1 + i % 14}d) >= {1 + i % 4}",
            i => $"count(purchase, {7 + i % 60}d) >= {1 + i % 3} and sum(purchase.value, {7 + i % 60}d) > {50 + i * 5}",
            i => $"minutes_since(add_to_cart) <= {5 + i % 55} and device == \"mobile\"",
            i => $"count(page_view where category == \"{Pick(Categories, i)}\", session) >= {1 + i % 4}",
            i => $"count(add_to_cart, {1 + i % 24}h) > 0 and count(purchase, {1 + i % 24}h) == 0",
            i => $"count(page_view, {1 + i % 30}d) >= {2 + i % 10}",
        ],
        [
            i => $"days_since(purchase) <= {30 + i % 60} and count(purchase, 365d) >= {2 + i % 4} and sum(purchase.value, 365d) >= {200 + i * 10}",
            i => $"sum(purchase.value) / count(purchase) >= {50 + i % 100} and loyalty_tier in [\"gold\", \"platinum\"]",
            i => $"count(purchase) > 0 and days_since(purchase) >= {30 + i % 90}",
            i => $"count(purchase, 90d) >= 2 and count(purchase, 7d) == 0",
            i => $"days_since_first_seen >= {30 + i % 90} and count(purchase) >= {1 + i % 5}",
        ],
    ];

    /// <summary>The catalog of <paramref name="count"/> segments; the same count always gives the same catalog.</summary>
    public static IReadOnlyList<GeneratedSegment> Generate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var segments = new List<GeneratedSegment>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = i % Kinds.Length;
            var round = i / Kinds.Length;
            var id = Id(i);

            // Every seventh segment past the first round narrows an earlier one, as real catalogs build on their own segments.
            var rule = i >= Kinds.Length && i % 7 == 0
                ? $"in_segment(\"{Id(i - Kinds.Length)}\") and device == \"mobile\""
                : Templates[kind][round % Templates[kind].Length](i);
            segments.Add(new GeneratedSegment(id, Kinds[kind], $"{Kinds[kind]} segment {i}", rule));
        }

        return segments;
    }

    /// <summary>A variant of a generated segment with another threshold, for catalog changes under load.</summary>
    public static GeneratedSegment Variant(GeneratedSegment segment, int generation) =>
        segment with { Rule = $"({segment.Rule}) and count(page_view) >= {generation % 5}" };

    public static string Id(int index) => $"{Kinds[index % Kinds.Length]}-{index.ToString("D4", CultureInfo.InvariantCulture)}";

    /// <summary>True for ids this generator makes, so a run can remove the ones a larger earlier run left behind.</summary>
    public static bool TryParseIndex(string id, out int index)
    {
        index = -1;
        var dash = id.LastIndexOf('-');
        return dash > 0
               && Kinds.Contains(id[..dash], StringComparer.Ordinal)
               && int.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out index)
               && Id(index) == id;
    }

    private static string Pick(string[] values, int i) => values[i % values.Length];
}
