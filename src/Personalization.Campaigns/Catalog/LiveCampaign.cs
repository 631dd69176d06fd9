using Personalization.Customers;

namespace Personalization.Campaigns.Catalog;

/// <summary>A campaign with its event trigger's rule compiled, as the index holds it.</summary>
public sealed record LiveCampaign(CampaignDefinition Definition, EventFilter? Filter)
{
    public string Id => Definition.Id;

    public CampaignSettings Settings => Definition.Settings;

    /// <summary>Whether the activity fires this campaign's trigger (its dates and switch are checked separately).</summary>
    public bool IsTriggeredBy(CustomerActivity activity)
    {
        var trigger = Settings.Trigger;
        return trigger.Kind switch
        {
            TriggerKind.SegmentEntered => activity.Entered.Contains(trigger.Target, StringComparer.Ordinal),
            TriggerKind.SegmentExited => activity.Exited.Contains(trigger.Target, StringComparer.Ordinal),
            _ => activity.Events.Any(e => e.Event.Type == trigger.Target && (Filter is null || Filter.Matches(e.Event))),
        };
    }
}
