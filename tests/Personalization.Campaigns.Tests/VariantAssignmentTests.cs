using System.Collections.Immutable;
using Personalization.Campaigns.Catalog;
using Personalization.Campaigns.Delivery;

namespace Personalization.Campaigns.Tests;

/// <summary>
/// docs/campaigns.md: "Variants split a campaign's audience by weight", stably. The ids are a fixed set, so the result is
/// deterministic; the tolerance says how far a split of that many ids may stray when the hash spreads them like a fair
/// draw: each variant's count is binomial, and four standard deviations either side of its expected count would be
/// exceeded by chance about once in 16,000 draws, so a failure means a biased hash, not bad luck.
/// </summary>
public sealed class VariantAssignmentTests
{
    private const int Customers = 20_000;

    private static readonly ImmutableArray<CampaignVariant> Variants =
        [new("half", 5), new("three-tenths", 3), new("fifth", 2, Control: true)];

    [Theory]
    [InlineData("summer-sale", "customer-{0}")]
    [InlineData("cart-reminder", "c-{0}")]
    [InlineData("x", "{0}")]
    public void Sequential_customer_ids_split_by_weight_within_four_standard_deviations(string campaignId, string idFormat)
    {
        var total = Variants.Sum(v => v.Weight);
        var counts = Enumerable.Range(0, Customers)
            .Select(i => VariantAssignment.Choose(campaignId, string.Format(idFormat, i), Variants).Id)
            .CountBy(id => id)
            .ToDictionary();

        foreach (var variant in Variants)
        {
            var p = (double)variant.Weight / total;
            var expected = Customers * p;
            var tolerance = 4 * Math.Sqrt(Customers * p * (1 - p));
            var got = counts.GetValueOrDefault(variant.Id);
            Assert.True(Math.Abs(got - expected) <= tolerance, $"{variant.Id}: {got} of {Customers}, expected {expected:0} ± {tolerance:0}");
        }
    }

    /// <summary>
    /// Consecutive ids must not fall into a pattern (FNV-1a alone follows the last character): with two equal variants,
    /// the next id's variant differs from this one's about half the time, binomial over 19,999 pairs.
    /// </summary>
    [Fact]
    public void Consecutive_customer_ids_do_not_alternate_or_repeat_variants()
    {
        ImmutableArray<CampaignVariant> even = [new("a", 1), new("b", 1)];
        var chosen = Enumerable.Range(0, Customers).Select(i => VariantAssignment.Choose("even", $"c-{i}", even).Id).ToArray();

        var pairs = Customers - 1;
        var changes = chosen.Zip(chosen.Skip(1), (a, b) => a != b).Count(changed => changed);

        Assert.InRange(changes, pairs / 2 - 4 * Math.Sqrt(pairs / 4.0), pairs / 2 + 4 * Math.Sqrt(pairs / 4.0));
    }

    /// <summary>Two campaigns split the same customers independently: each quarter of the cross table holds about a quarter.</summary>
    [Fact]
    public void Two_campaigns_split_the_same_customers_independently()
    {
        ImmutableArray<CampaignVariant> even = [new("a", 1), new("b", 1)];
        var cells = Enumerable.Range(0, Customers)
            .Select(i => (VariantAssignment.Choose("first", $"c-{i}", even).Id, VariantAssignment.Choose("second", $"c-{i}", even).Id))
            .CountBy(pair => pair)
            .ToDictionary();

        var tolerance = 4 * Math.Sqrt(Customers * 0.25 * 0.75);
        foreach (var cell in new[] { ("a", "a"), ("a", "b"), ("b", "a"), ("b", "b") })
        {
            Assert.InRange(cells.GetValueOrDefault(cell), Customers / 4 - tolerance, Customers / 4 + tolerance);
        }
    }

    [Fact]
    public void A_customer_gets_the_same_variant_on_every_call_and_a_change_of_weights_may_move_it()
    {
        var first = Enumerable.Range(0, 1000).Select(i => VariantAssignment.Choose("sticky", $"c-{i}", Variants).Id).ToArray();
        var again = Enumerable.Range(0, 1000).Select(i => VariantAssignment.Choose("sticky", $"c-{i}", Variants).Id).ToArray();
        ImmutableArray<CampaignVariant> reweighted = [new("half", 1), new("three-tenths", 3), new("fifth", 2, Control: true)];
        var moved = Enumerable.Range(0, 1000).Count(i => VariantAssignment.Choose("sticky", $"c-{i}", reweighted).Id != first[i]);

        Assert.Equal(first, again);
        Assert.True(moved > 0, "new weights moved nobody, so the weights do not take part in the split");
    }
}
