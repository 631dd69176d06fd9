namespace Personalization.Campaigns.Catalog;

/// <summary>
/// "field: reason" pairs found while reading a campaign, in the order found; the HTTP API answers them as an RFC 7807
/// validation problem and the console shows each under its field.
/// </summary>
public sealed class CampaignFieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public void Add(string field, string reason)
    {
        if (!errors.TryGetValue(field, out var reasons))
        {
            errors[field] = reasons = [];
        }

        reasons.Add(reason);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
