using System.Collections.Immutable;
using Personalization.Campaigns.Catalog;

namespace Personalization.Campaigns.Delivery;

/// <summary>
/// Deterministic variant assignment: the same customer gets the same variant of a campaign on every request and silo,
/// with no stored assignment, as long as the campaign's variants and weights stay the same.
/// </summary>
public static class VariantAssignment
{
    public static CampaignVariant Choose(string campaignId, string customerId, ImmutableArray<CampaignVariant> variants)
    {
        if (variants.IsDefaultOrEmpty)
        {
            throw new ArgumentException("A campaign has at least one variant.", nameof(variants));
        }

        var total = (uint)variants.Sum(v => v.Weight);
        var bucket = Bucket(campaignId, customerId) % total;
        foreach (var variant in variants)
        {
            if (bucket < (uint)variant.Weight)
            {
                return variant;
            }

            bucket -= (uint)variant.Weight;
        }

        return variants[^1];
    }

    /// <summary>Chooses by shares that add up to 1 (a bandit's allocation) with the same stable bucket.</summary>
    public static CampaignVariant ChooseByShares(string campaignId, string customerId, ImmutableArray<CampaignVariant> variants, IReadOnlyList<double> shares)
    {
        var point = Bucket(campaignId, customerId) / 4294967296.0;
        for (var i = 0; i < variants.Length; i++)
        {
            point -= shares[i];
            if (point < 0)
            {
                return variants[i];
            }
        }

        return variants[^1];
    }

    /// <summary>
    /// <see cref="StableHash"/> of campaign and customer, with a finalizer: FNV-1a's low bits follow the last characters,
    /// so ids like "c-1", "c-2" would alternate between two variants instead of spreading by weight.
    /// </summary>
    public static uint Bucket(string campaignId, string customerId)
    {
        var hash = StableHash.Of($"{campaignId}\n{customerId}");
        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >> 16;
        return hash;
    }
}
