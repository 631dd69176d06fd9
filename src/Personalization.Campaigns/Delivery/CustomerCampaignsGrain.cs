using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using Personalization.Campaigns.Catalog;
using Personalization.Campaigns.Experiments;
using Personalization.Campaigns.Reports;
using Personalization.Campaigns.Webhooks;
using Personalization.Customers;
using Personalization.Persistence;
using Personalization.Rules;
using Personalization.Timing;

namespace Personalization.Campaigns.Delivery;

/// <remarks>
/// Exposures, conversions and outcomes are written before they are reported, so the report never counts what the
/// customer's state lost; session bookkeeping alone (the latest event's time) is written within <see cref="FlushInterval"/>.
/// </remarks>
internal sealed class CustomerCampaignsGrain : Grain, ICustomerCampaignsGrain
{
    private static readonly TimeSpan ObserverLease = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

    private readonly IPersistentState<CustomerCampaignsState> state;
    private readonly CampaignCatalogCache campaigns;
    private readonly WebhookDispatcher webhooks;
    private readonly TimeProvider time;
    private readonly ILogger<CustomerCampaignsGrain> logger;
    private readonly CampaignOptions options;
    private readonly ObserverManager<ICustomerFeedObserver> observers;
    private bool dirty;

    public CustomerCampaignsGrain(
        [PersistentState("campaigns", StorageNames.Customers)] IPersistentState<CustomerCampaignsState> state,
        CampaignCatalogCache campaigns,
        WebhookDispatcher webhooks,
        [FromKeyedServices(EngineClock.ServiceKey)] TimeProvider time,
        IOptions<CampaignOptions> options,
        ILogger<CustomerCampaignsGrain> logger)
    {
        this.options = options.Value;
        this.state = state;
        this.campaigns = campaigns;
        this.webhooks = webhooks;
        this.time = time;
        this.logger = logger;
        observers = new ObserverManager<ICustomerFeedObserver>(ObserverLease, logger);
    }

    private string CustomerId => this.GetPrimaryKeyString();

    private ICustomerGrain Customer => GrainFactory.GetCustomerGrain(CustomerId);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(() => dirty ? WriteAsync() : Task.CompletedTask, new GrainTimerCreationOptions(FlushInterval, FlushInterval) { KeepAlive = false });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        dirty ? WriteAsync() : Task.CompletedTask;

    public async Task EraseAsync()
    {
        // Not dirty any more, so neither the flush timer nor deactivation writes the erased state back.
        dirty = false;
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    public async Task AbsorbAsync(string absorbedId)
    {
        var absorbed = GrainFactory.GetGrain<ICustomerCampaignsGrain>(absorbedId);
        var exported = JsonSerializer.Deserialize<CustomerCampaignsState>(await absorbed.ExportAsync())!;
        CampaignStateMerge.Merge(state.State, exported);

        // Stored before the absorbed state goes, and failing loudly: the merge is retried rather than losing either.
        await state.WriteStateAsync();
        dirty = false;
        await absorbed.HandOverAsync(CustomerId);
    }

    public Task<string> ExportAsync() => Task.FromResult(JsonSerializer.Serialize(state.State));

    public async Task HandOverAsync(string customerId)
    {
        dirty = false;
        state.State = new CustomerCampaignsState { MergedInto = customerId };
        await state.WriteStateAsync();
    }

    /// <summary>The campaign grain of the customer this id was merged into; null while the id is a customer of its own.</summary>
    private ICustomerCampaignsGrain? MergedInto =>
        state.State.MergedInto is { } customerId ? GrainFactory.GetGrain<ICustomerCampaignsGrain>(customerId) : null;

    public async Task OnActivityAsync(CustomerActivity activity, bool firstOfActivation)
    {
        var report = new List<(string ReportId, ReportEntry Entry)>();
        foreach (var recorded in activity.Events)
        {
            TrackSession(recorded.Event);
        }

        var durable = AttributeConversions(activity, report);

        // A trigger's own event cannot convert the exposure it causes: conversions were attributed first.
        foreach (var campaign in campaigns.Current.Triggered(activity).ToList())
        {
            durable |= await TryExposeAsync(campaign, activity, report);
        }

        if ((!activity.Entered.IsEmpty || !activity.Exited.IsEmpty) && observers.Count > 0)
        {
            var change = new SegmentChange(activity.Segments, activity.Entered, activity.Exited);
            observers.Notify(observer => observer.OnSegmentsChangedAsync(change).Ignore());
        }

        Prune(activity.At);
        if (durable)
        {
            await WriteAsync();
        }

        await ReportAsync(report);
        if (firstOfActivation && state.State.LastActivityAt is { } last && state.State.Exposures.Any(x => IsOpenSessionOffer(x) && activity.At < SessionEnd(x)))
        {
            await FollowSessionAsync(last);
        }
    }

    public Task<ImmutableArray<OfferView>> GetOffersAsync()
    {
        if (MergedInto is { } customer)
        {
            return customer.GetOffersAsync();
        }

        var now = time.GetUtcNow();
        var index = campaigns.Current;
        return Task.FromResult<ImmutableArray<OfferView>>([.. state.State.Exposures.Where(x => IsPending(x, now, index)).Select(View)]);
    }

    public async Task<OutcomeResult> RecordOutcomeAsync(string offerId, OfferOutcome outcome)
    {
        if (MergedInto is { } customer)
        {
            return await customer.RecordOutcomeAsync(offerId, outcome);
        }

        var exposure = state.State.Exposures.Find(x => x.Id == offerId && !x.Control);
        if (exposure is null)
        {
            return OutcomeResult.UnknownOffer;
        }

        // Clicking or dismissing an offer means it was shown, whether or not the page said so first.
        var measures = new List<ReportMeasure>();
        if (!exposure.Shown)
        {
            exposure.Shown = true;
            measures.Add(ReportMeasure.Shown);
        }

        if (outcome == OfferOutcome.Clicked && !exposure.Clicked)
        {
            exposure.Clicked = true;
            measures.Add(ReportMeasure.Clicked);
        }
        else if (outcome == OfferOutcome.Dismissed && !exposure.Dismissed)
        {
            exposure.Dismissed = true;
            measures.Add(ReportMeasure.Dismissed);
        }

        var recorded = outcome switch
        {
            OfferOutcome.Shown => measures.Contains(ReportMeasure.Shown),
            OfferOutcome.Clicked => measures.Contains(ReportMeasure.Clicked),
            _ => measures.Contains(ReportMeasure.Dismissed),
        };
        if (measures.Count == 0)
        {
            return OutcomeResult.AlreadyRecorded;
        }

        await WriteAsync();
        var report = new List<(string ReportId, ReportEntry Entry)>();
        foreach (var measure in measures)
        {
            Count(report, exposure, measure);
        }

        await ReportAsync(report);
        return recorded ? OutcomeResult.Recorded : OutcomeResult.AlreadyRecorded;
    }

    public Task SubscribeAsync(ICustomerFeedObserver observer)
    {
        observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(ICustomerFeedObserver observer)
    {
        observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Ends session offers whose session the event ends (30 minutes without events before it, or another session id),
    /// then makes the event the latest activity. A late event, older than the latest, changes no session.
    /// </summary>
    private void TrackSession(BehaviourEvent e)
    {
        if (state.State.LastActivityAt is { } last && e.Timestamp < last)
        {
            return;
        }

        foreach (var exposure in state.State.Exposures)
        {
            if (!IsOpenSessionOffer(exposure))
            {
                continue;
            }

            var idleEnd = SessionEnd(exposure);
            if (e.Timestamp >= idleEnd)
            {
                exposure.EndedAt = idleEnd;
            }
            else if (e.SessionId is not null && exposure.SessionId is not null && e.SessionId != exposure.SessionId)
            {
                exposure.EndedAt = e.Timestamp;
            }
        }

        state.State.LastActivityAt = e.Timestamp;
        state.State.SessionId = e.SessionId ?? state.State.SessionId;
        dirty = true;
    }

    private async Task FollowSessionAsync(DateTimeOffset lastActivity)
    {
        try
        {
            await Customer.AsReference<ICustomerCampaignWatch>().FollowSessionAsync(lastActivity);
        }
        catch (Exception e)
        {
            // Only the session's length suffers: without its events the offer ends 30 minutes after the last one seen.
            logger.LogWarning(e, "Customer {CustomerId}: the session could not be followed again", CustomerId);
        }
    }

    private bool AttributeConversions(CustomerActivity activity, List<(string, ReportEntry)> report)
    {
        var converted = false;
        foreach (var recorded in activity.Events)
        {
            var e = recorded.Event;
            foreach (var exposure in state.State.Exposures)
            {
                if (exposure.ConvertedAt is null && exposure.ConversionEventType == e.Type && e.Timestamp >= exposure.At && e.Timestamp <= exposure.AttributionUntil)
                {
                    exposure.ConvertedAt = e.Timestamp;
                    Count(report, exposure, ReportMeasure.Conversion, e.Value is { } value ? (decimal)value : 0m);
                    converted = true;
                }
            }
        }

        return converted;
    }

    private async Task<bool> TryExposeAsync(LiveCampaign campaign, CustomerActivity activity, List<(string, ReportEntry)> report)
    {
        var settings = campaign.Settings;
        var now = activity.At;
        if (settings.PerCustomerCap is { } cap && RecentExposures(campaign.Id, cap, now) >= cap.Count)
        {
            return false;
        }

        if (settings.Audience is { } audience && !await MatchesAsync(campaign, audience))
        {
            return false;
        }

        var first = state.State.FirstExposures.GetValueOrDefault(campaign.Id);
        var covariate = first?.PreExposureSpend ?? await PreExposureSpendAsync(campaign, now);
        if (GlobalHoldout.Contains(CustomerId, options.GlobalHoldoutShare))
        {
            HoldOut(campaign, activity, covariate, first, report);
            return true;
        }

        var variant = await ChooseVariantAsync(campaign, first);
        if (settings.GlobalCap is { } globalCap && !await GrainFactory.GetGrain<ICampaignCapGrain>(campaign.Id).TryTakeAsync(globalCap, now))
        {
            return false;
        }

        // A customer holds one offer per campaign: a new exposure replaces the pending one, for every variant alike.
        foreach (var earlier in state.State.Exposures)
        {
            if (earlier.CampaignId == campaign.Id && !(earlier.EndedAt <= now))
            {
                earlier.EndedAt = now;
            }
        }

        var exposure = new Exposure
        {
            Id = Guid.NewGuid().ToString("N"),
            CampaignId = campaign.Id,
            CampaignVersion = campaign.Definition.Version,
            Variant = variant.Id,
            Control = variant.Control,
            At = now,
            Segments = [.. activity.Segments.Take(CampaignLimits.MaxSegmentsPerExposure)],
            Content = variant.Control ? null : settings.ContentOf(variant),
            Scope = settings.Scope,
            EndedAt = settings.Scope == OfferScope.TimeToLive ? now + settings.TimeToLive!.Value : null,
            SessionId = state.State.SessionId,
            ConversionEventType = settings.Conversion.EventType,
            AttributionUntil = now + settings.Conversion.Window,
            Covariate = covariate,
            InHoldoutReport = options.GlobalHoldoutShare > 0,
        };
        state.State.Exposures.Add(exposure);
        RememberExposure(campaign.Id, settings.PerCustomerCap, now);
        state.State.FirstExposures.TryAdd(campaign.Id, new FirstExposure { Variant = variant.Id, At = now, PreExposureSpend = covariate });
        Count(report, exposure, ReportMeasure.Exposure);
        CampaignMetrics.Exposures.Add(1, new KeyValuePair<string, object?>("campaign", campaign.Id));
        if (variant.Control)
        {
            return true;
        }

        var offer = View(exposure);
        if (observers.Count > 0)
        {
            observers.Notify(observer => observer.OnOfferAsync(offer).Ignore());
        }

        if (settings.Webhook is { } webhook)
        {
            webhooks.TryEnqueue(new WebhookDelivery(campaign.Id, exposure.Id, exposure.Id, CustomerId, webhook, WebhookBody(offer, exposure)));
        }

        return true;
    }

    /// <summary>
    /// A customer of the global holdout passed trigger, cap and audience: it gets nothing, and its would-be exposure is
    /// kept (as a control, so no offer) to be counted, with its conversions, in the holdout report only.
    /// </summary>
    private void HoldOut(LiveCampaign campaign, CustomerActivity activity, double covariate, FirstExposure? first, List<(string, ReportEntry)> report)
    {
        var settings = campaign.Settings;
        var now = activity.At;
        var exposure = new Exposure
        {
            Id = Guid.NewGuid().ToString("N"),
            CampaignId = campaign.Id,
            CampaignVersion = campaign.Definition.Version,
            Variant = GlobalHoldout.HoldoutArm,
            Control = true,
            At = now,
            Segments = [.. activity.Segments.Take(CampaignLimits.MaxSegmentsPerExposure)],
            Scope = settings.Scope,
            EndedAt = now,
            ConversionEventType = settings.Conversion.EventType,
            AttributionUntil = now + settings.Conversion.Window,
            Covariate = covariate,
            GlobalHoldout = true,
            InHoldoutReport = true,
        };
        state.State.Exposures.Add(exposure);
        RememberExposure(campaign.Id, settings.PerCustomerCap, now);
        if (first is null)
        {
            state.State.FirstExposures[campaign.Id] = new FirstExposure { Variant = GlobalHoldout.HoldoutArm, At = now, PreExposureSpend = covariate };
        }

        Count(report, exposure, ReportMeasure.Exposure);
    }

    /// <summary>
    /// By weight, the stable hash decides. A bandit keeps a customer in the variant it was first exposed to while that
    /// variant exists, and places a new customer by the bandit's current shares.
    /// </summary>
    private async Task<CampaignVariant> ChooseVariantAsync(LiveCampaign campaign, FirstExposure? first)
    {
        var settings = campaign.Settings;
        if (settings.Bandit is not { } bandit)
        {
            return VariantAssignment.Choose(campaign.Id, CustomerId, settings.Variants);
        }

        if (first is not null && settings.Variants.FirstOrDefault(v => v.Id == first.Variant) is { } kept)
        {
            return kept;
        }

        try
        {
            var shares = await GrainFactory.GetGrain<ICampaignBanditGrain>(campaign.Id).GetSharesAsync([.. settings.Variants.Select(v => v.Id)], bandit.UpdateInterval);
            return VariantAssignment.ChooseByShares(campaign.Id, CustomerId, settings.Variants, shares);
        }
        catch (Exception e)
        {
            // Without the bandit's shares the customer is placed by weight: it still gets an offer, and keeps the variant.
            logger.LogWarning(e, "Campaign {CampaignId}: the bandit's shares could not be read", campaign.Id);
            return VariantAssignment.Choose(campaign.Id, CustomerId, settings.Variants);
        }
    }

    /// <summary>The values of the campaign's conversion events in the CUPED window before <paramref name="at"/>; 0 if the customer's grain cannot say.</summary>
    private async Task<double> PreExposureSpendAsync(LiveCampaign campaign, DateTimeOffset at)
    {
        try
        {
            return await Customer.SumOfValuesAsync(campaign.Settings.Conversion.EventType, at - options.CupedWindow, at);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Campaign {CampaignId}: the spend of customer {CustomerId} before exposure could not be read", campaign.Id, CustomerId);
            return 0;
        }
    }

    /// <summary>
    /// Counts a measure of an exposure: in its campaign's report, and in the global holdout report under the arm the
    /// customer is in when a holdout was configured at exposure. A holdout's would-be exposure counts only there.
    /// </summary>
    private static void Count(List<(string ReportId, ReportEntry Entry)> report, Exposure exposure, ReportMeasure measure, decimal revenue = 0)
    {
        ImmutableArray<string> segments = [.. exposure.Segments];
        if (!exposure.GlobalHoldout)
        {
            report.Add((exposure.CampaignId, new ReportEntry(exposure.Variant, segments, measure, revenue, exposure.Covariate)));
        }

        if (exposure.InHoldoutReport)
        {
            var arm = exposure.GlobalHoldout ? GlobalHoldout.HoldoutArm : GlobalHoldout.CampaignsArm;
            report.Add((GlobalHoldout.ReportId, new ReportEntry(arm, segments, measure, revenue, exposure.Covariate)));
        }
    }

    private async Task<bool> MatchesAsync(LiveCampaign campaign, string audience)
    {
        try
        {
            return await Customer.MatchesDraftAsync(audience);
        }
        catch (Exception e)
        {
            // The audience was valid when stored; a segment it names may have been deleted since. Nobody matches then.
            logger.LogWarning(e, "Campaign {CampaignId}: the audience rule could not be evaluated for customer {CustomerId}", campaign.Id, CustomerId);
            return false;
        }
    }

    private int RecentExposures(string campaignId, FrequencyCap cap, DateTimeOffset now) =>
        state.State.CapHistory.TryGetValue(campaignId, out var times) ? times.Count(at => at > now - cap.Period) : 0;

    private void RememberExposure(string campaignId, FrequencyCap? cap, DateTimeOffset now)
    {
        if (cap is null)
        {
            return;
        }

        if (!state.State.CapHistory.TryGetValue(campaignId, out var times))
        {
            state.State.CapHistory[campaignId] = times = [];
        }

        times.Add(now);
        if (times.Count > cap.Count)
        {
            times.RemoveRange(0, times.Count - cap.Count);
        }
    }

    /// <summary>Drops what can no longer be offered, converted or capped.</summary>
    private void Prune(DateTimeOffset now)
    {
        var exposures = state.State.Exposures;
        var removed = exposures.RemoveAll(x => now > x.AttributionUntil && now >= End(x));
        if (exposures.Count > CampaignLimits.MaxExposuresPerCustomer)
        {
            removed += exposures.Count - CampaignLimits.MaxExposuresPerCustomer;
            exposures.RemoveRange(0, exposures.Count - CampaignLimits.MaxExposuresPerCustomer);
        }

        var index = campaigns.Current;
        foreach (var campaignId in state.State.FirstExposures.Keys.Where(id => !index.Campaigns.ContainsKey(id)).ToList())
        {
            state.State.FirstExposures.Remove(campaignId);
            removed++;
        }

        foreach (var (campaignId, times) in state.State.CapHistory.ToList())
        {
            var cap = index.Campaigns.GetValueOrDefault(campaignId)?.Settings.PerCustomerCap;
            removed += cap is null ? times.Count : times.RemoveAll(at => at <= now - cap.Period);
            if (cap is null || times.Count == 0)
            {
                state.State.CapHistory.Remove(campaignId);
            }
        }

        dirty |= removed > 0;
    }

    private async Task WriteAsync()
    {
        dirty = false;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            // Kept in memory and written with the next change or flush; the caller's outcome still counts.
            dirty = true;
            logger.LogWarning(e, "Campaign state of customer {CustomerId} could not be written", CustomerId);
        }
    }

    private async Task ReportAsync(IReadOnlyList<(string ReportId, ReportEntry Entry)> report)
    {
        var shard = ICampaignReportShardGrain.ShardOf(CustomerId);
        foreach (var campaign in report.GroupBy(r => r.ReportId, StringComparer.Ordinal))
        {
            try
            {
                await GrainFactory.GetGrain<ICampaignReportShardGrain>(ICampaignReportShardGrain.Key(campaign.Key, shard))
                    .RecordAsync([.. campaign.Select(r => r.Entry)]);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Campaign {CampaignId}: {Count} report entries of customer {CustomerId} were lost", campaign.Key, campaign.Count(), CustomerId);
            }
        }
    }

    private static bool IsOpenSessionOffer(Exposure x) =>
        x is { Control: false, Scope: OfferScope.Session, EndedAt: null, Clicked: false, Dismissed: false };

    private DateTimeOffset SessionEnd(Exposure x)
    {
        var last = state.State.LastActivityAt is { } at && at > x.At ? at : x.At;
        return last + SegmentCatalog.SessionTimeout;
    }

    private DateTimeOffset End(Exposure x) => x.EndedAt ?? (x.Scope == OfferScope.Session ? SessionEnd(x) : x.At);

    private bool IsPending(Exposure x, DateTimeOffset now, CampaignIndex index) =>
        !x.Control && !x.Clicked && !x.Dismissed && now < End(x)
        && index.Campaigns.TryGetValue(x.CampaignId, out var campaign) && campaign.Settings.IsRunning(now);

    private OfferView View(Exposure x) =>
        new(x.Id, x.CampaignId, x.CampaignVersion, x.Variant, x.Content!, x.Scope, x.At, End(x));

    private byte[] WebhookBody(OfferView offer, Exposure exposure)
    {
        var body = new JsonObject
        {
            ["type"] = "offer",
            ["deliveryId"] = offer.OfferId,
            ["campaignId"] = offer.CampaignId,
            ["campaignVersion"] = offer.CampaignVersion,
            ["variant"] = offer.Variant,
            ["customerId"] = CustomerId,
            ["offerId"] = offer.OfferId,
            ["offer"] = JsonNode.Parse(offer.Content),
            ["scope"] = offer.Scope == OfferScope.Session ? "session" : "ttl",
            ["createdAt"] = offer.CreatedAt,
            ["expiresAt"] = offer.ExpiresAt,
            ["segments"] = new JsonArray([.. exposure.Segments.Select(s => (JsonNode)s)]),
        };
        return JsonSerializer.SerializeToUtf8Bytes(body);
    }
}
