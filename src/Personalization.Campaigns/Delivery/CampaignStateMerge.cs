namespace Personalization.Campaigns.Delivery;

/// <summary>
/// Joins an absorbed customer's campaign state into the known customer's when identity resolution merges them:
/// exposures and their pending offers are kept, caps count the exposures of both, the earlier first exposure to a
/// campaign decides its variant, and the later activity the session.
/// </summary>
/// <remarks>Idempotent: merging the same state twice changes nothing more, so a merge cut short can be repeated.</remarks>
internal static class CampaignStateMerge
{
    public static void Merge(CustomerCampaignsState into, CustomerCampaignsState absorbed)
    {
        var known = into.Exposures.Select(x => x.Id).ToHashSet(StringComparer.Ordinal);
        into.Exposures.AddRange(absorbed.Exposures.Where(x => known.Add(x.Id)));
        into.Exposures.Sort((a, b) => a.At.CompareTo(b.At));

        foreach (var (campaignId, times) in absorbed.CapHistory)
        {
            if (!into.CapHistory.TryGetValue(campaignId, out var kept))
            {
                into.CapHistory[campaignId] = kept = [];
            }

            kept.AddRange(times.Where(at => !kept.Contains(at)));
            kept.Sort();
        }

        foreach (var (campaignId, first) in absorbed.FirstExposures)
        {
            if (!into.FirstExposures.TryGetValue(campaignId, out var kept) || first.At < kept.At)
            {
                into.FirstExposures[campaignId] = first;
            }
        }

        if (absorbed.LastActivityAt is { } at && (into.LastActivityAt is null || at > into.LastActivityAt))
        {
            into.LastActivityAt = at;
            into.SessionId = absorbed.SessionId;
        }
    }
}
