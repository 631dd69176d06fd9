using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Personalization.Customers;
using Personalization.Rules;

namespace Personalization.Campaigns.Catalog;

/// <summary>
/// One catalog version compiled for the event path: which campaigns an entry, exit or event type can trigger, and which
/// event types can convert an exposure. Immutable and shared by every customer of the silo, so deciding that an activity
/// concerns no campaign costs a few dictionary lookups and no grain call.
/// </summary>
public sealed class CampaignIndex
{
    private readonly FrozenDictionary<string, LiveCampaign[]> onEnter;
    private readonly FrozenDictionary<string, LiveCampaign[]> onExit;
    private readonly FrozenDictionary<string, LiveCampaign[]> onEvent;

    // Until when an event of the type can still convert some exposure: the latest campaign end plus its window.
    private readonly FrozenDictionary<string, DateTimeOffset> conversionUntil;
    private readonly LiveCampaign[] switchedOn;

    private CampaignIndex(long version, IReadOnlyList<LiveCampaign> campaigns)
    {
        Version = version;
        Campaigns = campaigns.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        switchedOn = [.. campaigns.Where(c => c.Settings.Enabled)];
        onEnter = ByTarget(TriggerKind.SegmentEntered);
        onExit = ByTarget(TriggerKind.SegmentExited);
        onEvent = ByTarget(TriggerKind.Event);
        conversionUntil = campaigns
            .GroupBy(c => c.Settings.Conversion.EventType, StringComparer.Ordinal)
            .ToFrozenDictionary(
                g => g.Key,
                g => g.Max(c => c.Settings.EndsAt is { } end ? end + c.Settings.Conversion.Window : DateTimeOffset.MaxValue),
                StringComparer.Ordinal);

        FrozenDictionary<string, LiveCampaign[]> ByTarget(TriggerKind kind) => switchedOn
            .Where(c => c.Settings.Trigger.Kind == kind)
            .GroupBy(c => c.Settings.Trigger.Target, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    public static CampaignIndex Empty { get; } = new(0, []);

    public long Version { get; }

    /// <summary>Every campaign of this version, switched on or not, by id.</summary>
    public FrozenDictionary<string, LiveCampaign> Campaigns { get; }

    /// <summary>
    /// Compiles a snapshot. A campaign whose event rule no longer compiles never triggers (rules are checked when stored,
    /// so this takes a change in the rule language) and is logged.
    /// </summary>
    public static CampaignIndex Compile(CampaignCatalogSnapshot snapshot, ILogger logger)
    {
        var campaigns = new List<LiveCampaign>(snapshot.Campaigns.Length);
        foreach (var definition in snapshot.Campaigns)
        {
            var trigger = definition.Settings.Trigger;
            if (trigger.Kind != TriggerKind.Event || trigger.Rule is null)
            {
                campaigns.Add(new LiveCampaign(definition, null));
                continue;
            }

            try
            {
                campaigns.Add(new LiveCampaign(definition, EventFilter.Compile(trigger.Rule)));
            }
            catch (SegmentRuleException e)
            {
                logger.LogError(e, "Campaign {CampaignId} version {Version}: its event rule does not compile, so it never triggers", definition.Id, definition.Version);
                campaigns.Add(new LiveCampaign(definition with { Settings = definition.Settings with { Enabled = false } }, null));
            }
        }

        return new CampaignIndex(snapshot.Version, campaigns);
    }

    /// <summary>Whether some campaign may hold offers at <paramref name="now"/>; when none does, lookups skip offers entirely.</summary>
    public bool AnyRunning(DateTimeOffset now)
    {
        foreach (var campaign in switchedOn)
        {
            if (campaign.Settings.IsRunning(now))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether any switched-on campaign listens for something in the activity; allocation-free, for the event path.</summary>
    public bool MayTrigger(CustomerActivity activity)
    {
        foreach (var segment in activity.Entered)
        {
            if (onEnter.ContainsKey(segment))
            {
                return true;
            }
        }

        foreach (var segment in activity.Exited)
        {
            if (onExit.ContainsKey(segment))
            {
                return true;
            }
        }

        foreach (var recorded in activity.Events)
        {
            if (onEvent.ContainsKey(recorded.Event.Type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether some running campaign makes session offers, whose sessions need the customer's events.</summary>
    public bool AnySessionScoped(DateTimeOffset now)
    {
        foreach (var campaign in switchedOn)
        {
            if (campaign.Settings.Scope == OfferScope.Session && campaign.Settings.IsRunning(now))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The running campaigns this activity triggers.</summary>
    public IEnumerable<LiveCampaign> Triggered(CustomerActivity activity)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in Candidates(activity))
        {
            if (candidate.Settings.IsRunning(activity.At) && candidate.IsTriggeredBy(activity) && seen.Add(candidate.Id))
            {
                yield return candidate;
            }
        }
    }

    /// <summary>Whether an event of the activity may convert an exposure of some campaign.</summary>
    public bool MayConvert(CustomerActivity activity)
    {
        foreach (var recorded in activity.Events)
        {
            if (conversionUntil.TryGetValue(recorded.Event.Type, out var until) && activity.At < until)
            {
                return true;
            }
        }

        return false;
    }

    private IEnumerable<LiveCampaign> Candidates(CustomerActivity activity)
    {
        foreach (var segment in activity.Entered)
        {
            if (onEnter.TryGetValue(segment, out var campaigns))
            {
                foreach (var campaign in campaigns)
                {
                    yield return campaign;
                }
            }
        }

        foreach (var segment in activity.Exited)
        {
            if (onExit.TryGetValue(segment, out var campaigns))
            {
                foreach (var campaign in campaigns)
                {
                    yield return campaign;
                }
            }
        }

        foreach (var recorded in activity.Events)
        {
            if (onEvent.TryGetValue(recorded.Event.Type, out var campaigns))
            {
                foreach (var campaign in campaigns)
                {
                    yield return campaign;
                }
            }
        }
    }
}
