using System.Diagnostics.Metrics;
using Personalization.Diagnostics;

namespace Personalization.Campaigns;

/// <summary>Campaign instruments, on the engine's meter so hosts export them with the rest.</summary>
public static class CampaignMetrics
{
    private static readonly Meter Meter = new(EngineMetrics.MeterName);

    public static readonly Counter<long> ActivitiesForwarded = Meter.CreateCounter<long>(
        "personalization.campaigns.activities.forwarded", "{activity}", "Customer activities forwarded to campaign grains");

    public static readonly Counter<long> Exposures = Meter.CreateCounter<long>(
        "personalization.campaigns.exposures", "{exposure}", "Customers exposed to a campaign variant, control included");

    public static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
        "personalization.campaigns.webhook.deliveries", "{delivery}", "Webhook deliveries finished, by result (delivered, dead_letter)");
}
