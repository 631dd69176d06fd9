using System.Collections.Immutable;
using System.Globalization;
using Personalization.Segments;

namespace Personalization.Host.Segments;

/// <summary>
/// The example catalog of the 11 classic RFM segments (<c>POST /v1/segments/examples/rfm</c>). Each customer who has bought
/// gets a score of 1 to 5 per dimension from the quintile of its percentile rank among buyers: recency (fewer days since
/// the latest purchase scores higher), frequency (purchases) and monetary value (their total). A segment is a range of
/// each score; the segments are tried in the order listed and a customer is in the first whose ranges hold, so they never
/// overlap, and together they cover every combination of scores: every buyer is in exactly one.
/// </summary>
public static class RfmSegments
{
    public const string Recency = "days_since(purchase)";

    /// <summary>
    /// Null for a customer who never bought (days_since is null then, and so the sum), so that frequency and monetary
    /// value rank buyers among buyers, as recency does.
    /// </summary>
    public const string Frequency = "count(purchase) + 0 * days_since(purchase)";

    public const string Monetary = "sum(purchase.value) + 0 * days_since(purchase)";

    /// <summary>Each segment with its score ranges (lowest, highest; 1 to 5) for recency, frequency and monetary value.</summary>
    public static readonly ImmutableArray<(string Id, string Name, string Description, (int Low, int High) R, (int Low, int High) F, (int Low, int High) M)> Definitions =
    [
        ("rfm-champions", "Champions", "Bought recently, buy often and spend the most.", (4, 5), (4, 5), (4, 5)),
        ("rfm-loyal", "Loyal", "Buy often and spend well, and bought not long ago.", (2, 5), (3, 5), (3, 5)),
        ("rfm-cannot-lose-them", "Cannot Lose Them", "Made the most frequent and biggest purchases, but the longest ago.", (1, 1), (4, 5), (4, 5)),
        ("rfm-at-risk", "At Risk", "Bought more than once and spent above the least, but a long time ago.", (1, 2), (2, 5), (2, 5)),
        ("rfm-new-customers", "New Customers", "Bought for the first time, most recently.", (5, 5), (1, 1), (1, 5)),
        ("rfm-promising", "Promising", "Bought once, recently.", (4, 4), (1, 1), (1, 5)),
        ("rfm-potential-loyalists", "Potential Loyalists", "Recent repeat buyers not yet spending like loyal customers.", (3, 5), (2, 5), (1, 5)),
        ("rfm-need-attention", "Need Attention", "Bought once, at middling recency.", (3, 3), (1, 1), (1, 5)),
        ("rfm-about-to-sleep", "About to Sleep", "Below average recency, and low frequency or spend.", (2, 2), (1, 5), (1, 5)),
        ("rfm-lost", "Lost", "Bought once, little, the longest ago.", (1, 1), (1, 1), (1, 2)),
        ("rfm-hibernating", "Hibernating", "Bought the longest ago, rarely or for little.", (1, 1), (1, 5), (1, 5)),
    ];

    public static ImmutableArray<SegmentDraft> Drafts { get; } = [.. Definitions.Select((definition, i) => new SegmentDraft(
        definition.Id,
        definition.Name,
        definition.Description,
        Rule(definition.R, definition.F, definition.M, Definitions.Take(i).Select(earlier => earlier.Id))))];

    private static string Rule((int Low, int High) r, (int Low, int High) f, (int Low, int High) m, IEnumerable<string> earlier) =>
        string.Join(" and ", new[] { Band(Recency, r, lowerIsBetter: true), Band(Frequency, f, lowerIsBetter: false), Band(Monetary, m, lowerIsBetter: false) }
            .Concat(earlier.Select(id => $"not in_segment(\"{id}\")")));

    /// <summary>
    /// The percentile ranks of scores low to high: score s is the quintile [20(s-1), 20s) of ranks, or [20(5-s), 20(6-s))
    /// when lower values are better. Always bounded below (by 0 at least), so a customer without a value is in no band.
    /// </summary>
    private static string Band(string expression, (int Low, int High) scores, bool lowerIsBetter)
    {
        var (from, to) = lowerIsBetter ? (20 * (5 - scores.High), 20 * (6 - scores.Low)) : (20 * (scores.Low - 1), 20 * scores.High);
        var rank = $"percentile({expression})";
        var lower = $"{rank} >= {from.ToString(CultureInfo.InvariantCulture)}";
        return to >= 100 ? lower : $"{lower} and {rank} < {to.ToString(CultureInfo.InvariantCulture)}";
    }
}
