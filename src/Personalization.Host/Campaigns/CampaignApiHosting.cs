using Personalization.Host.Campaigns;

namespace Personalization.Host.Hosting;

public static class CampaignApiHosting
{
    /// <summary>Campaign definitions and reports, offers and outcomes, and the live stream.</summary>
    public static IEndpointRouteBuilder MapPersonalizationCampaigns(this IEndpointRouteBuilder app)
    {
        app.MapCampaignEndpoints();
        app.MapOfferEndpoints();
        return app;
    }
}
