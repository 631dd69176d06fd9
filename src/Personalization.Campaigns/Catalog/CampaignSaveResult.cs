namespace Personalization.Campaigns.Catalog;

/// <summary>
/// What saving a campaign came to: the stored campaign (<see cref="Created"/> when its id was new), or a refusal with a
/// title and its reasons per field; a refused rule also gives the <see cref="Line"/> and <see cref="Column"/> it failed at.
/// </summary>
public sealed record CampaignSaveResult(
    CampaignDefinition? Campaign,
    bool Created,
    string? Title,
    IReadOnlyDictionary<string, string[]> Errors,
    int? Line = null,
    int? Column = null)
{
    public bool Saved => Campaign is not null;

    public static CampaignSaveResult Stored(CampaignDefinition campaign, bool created) =>
        new(campaign, created, null, new Dictionary<string, string[]>());

    public static CampaignSaveResult Refused(string title, CampaignFieldErrors errors, int? line = null, int? column = null) =>
        new(null, false, title, errors.ToDictionary(), line, column);

    public static CampaignSaveResult Refused(string title, string field, string reason, int? line = null, int? column = null)
    {
        var errors = new CampaignFieldErrors();
        errors.Add(field, reason);
        return Refused(title, errors, line, column);
    }
}
