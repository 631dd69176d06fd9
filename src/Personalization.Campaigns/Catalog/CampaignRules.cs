using Personalization.Rules;
using Personalization.Segments;

namespace Personalization.Campaigns.Catalog;

/// <summary>
/// Checks what a campaign names against the segment catalog: the trigger's segment must exist, the audience must compile
/// with the catalog (its in_segment references included), and an event rule must compile on its own.
/// </summary>
internal static class CampaignRules
{
    /// <summary>The refusal to answer with, or null when the campaign may be stored.</summary>
    public static CampaignSaveResult? Check(CampaignSettings settings, SegmentCatalogCache segments)
    {
        var trigger = settings.Trigger;
        if (trigger.Kind != TriggerKind.Event && !segments.Current.SegmentIds.Contains(trigger.Target, StringComparer.Ordinal))
        {
            var field = trigger.Kind == TriggerKind.SegmentEntered ? "trigger.onEnter" : "trigger.onExit";
            return CampaignSaveResult.Refused("The campaign names an unknown segment.", field, $"there is no segment '{trigger.Target}'");
        }

        if (trigger.Rule is { } eventRule)
        {
            try
            {
                SegmentCatalog.Validate(eventRule);
                EventFilter.Compile(eventRule);
            }
            catch (RuleSyntaxException e)
            {
                return InvalidRule("trigger.rule", e.Message, e.Line, e.Column);
            }
            catch (SegmentRuleException e)
            {
                return InvalidRule("trigger.rule", $"{e.Message.Replace("segment 'event': ", "", StringComparison.Ordinal)} (an event rule reads the event's fields, not segments)", e.Line, e.Column);
            }
        }

        if (settings.Audience is { } audience)
        {
            try
            {
                SegmentCatalog.Validate(audience);
                segments.CompileWithDraft(audience);
            }
            catch (RuleSyntaxException e)
            {
                return InvalidRule("audience", e.Message, e.Line, e.Column);
            }
            catch (SegmentRuleException e)
            {
                return InvalidRule("audience", e.Message.Replace($"segment '{SegmentCatalogCache.DraftSegmentId}': ", "", StringComparison.Ordinal), e.Line, e.Column);
            }
        }

        return null;
    }

    /// <summary>A rule error as segments answer it: a refusal on the field, with the position a UI can point at.</summary>
    private static CampaignSaveResult InvalidRule(string field, string message, int line, int column) =>
        CampaignSaveResult.Refused("The rule is not valid.", field, message, line, column);
}
