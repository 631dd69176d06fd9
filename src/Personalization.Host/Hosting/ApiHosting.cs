using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Personalization.Host.Customers;
using Personalization.Host.Diagnostics;
using Personalization.Host.Events;
using Personalization.Host.Forecasts;
using Personalization.Host.Http;
using Personalization.Host.Identity;
using Personalization.Host.Rules;
using Personalization.Host.Segments;
using Personalization.Segments;
using Scalar.AspNetCore;

namespace Personalization.Host.Hosting;

public static class ApiHosting
{
    public static WebApplicationBuilder AddPersonalizationApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, HotPathJson.Default));
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<IdentityResolution>();
        builder.Services.AddHealthChecks()
            .AddCheck<CatalogLoadedCheck>("segment-catalog", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapPersonalizationApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });

        app.MapEventEndpoints();
        app.MapCustomerEndpoints();
        app.MapIdentityEndpoints();
        app.MapSegmentEndpoints();
        app.MapSegmentInsightEndpoints();
        app.MapRuleEndpoints();
        app.MapPurchaseModelEndpoints();
        app.MapPersonalizationCampaigns();
        app.MapBaselineEndpoints(app.Configuration);

        app.Lifetime.ApplicationStarted.Register(() => PrintBanner(app));
        return app;
    }

    private static void PrintBanner(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var catalog = app.Services.GetRequiredService<SegmentCatalogCache>().Current;
        var orleans = app.Configuration.GetSection("Orleans");
        app.Logger.LogInformation(
            "Personalization is listening on {Addresses} (API reference at /docs); silo port {SiloPort}, gateway port {GatewayPort}; customer state {Storage}; {Segments} segments loaded: {SegmentIds}",
            string.Join(", ", addresses), orleans["SiloPort"], orleans["GatewayPort"], storage.Description,
            catalog.SegmentIds.Count, string.Join(", ", catalog.SegmentIds));
    }
}
