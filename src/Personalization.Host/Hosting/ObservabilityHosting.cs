using Personalization.Diagnostics;
using Personalization.Host.Security;
using Personalization.Security;
using Orleans.Dashboard;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Personalization.Host.Hosting;

/// <summary>
/// Metrics (engine, Orleans, ASP.NET Core, runtime) on a Prometheus scrape endpoint at /metrics; traces of HTTP
/// requests and grain calls, exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; the Orleans Dashboard at
/// /dashboard when "Dashboard:Enabled" is true.
/// </summary>
public static class ObservabilityHosting
{
    public static WebApplicationBuilder AddPersonalizationObservability(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("personalization"))
            .WithMetrics(metrics => metrics
                .AddMeter(EngineMetrics.MeterName, "Microsoft.Orleans")
                .AddMeter(AspNetCoreMeters)
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());

        // Spans are only ever exported over OTLP; without an endpoint, recording one for every request and grain call
        // costs throughput and leaves nothing behind.
        if (TracingEnabled(builder.Configuration))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/metrics"))
                    .AddOtlpExporter())
                .WithMetrics(metrics => metrics.AddOtlpExporter());
        }

        if (builder.Configuration.GetValue("Logging:Json", false))
        {
            builder.Logging.AddJsonConsole();
        }

        return builder;
    }

    /// <summary>
    /// ASP.NET Core's meters for requests (<c>http.server.request.duration</c> by route and status code, which counts
    /// the 401, 403 and 429 answers too), connections, routing and unhandled exceptions. Not the authentication,
    /// authorization and rate-limiting meters: they record several instruments on every request of a protected host,
    /// a measurable share of a lookup's CPU (docs/performance.md), and say nothing the status codes do not.
    /// </summary>
    public static readonly string[] AspNetCoreMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Diagnostics",
    ];

    /// <summary>Spans are exported, so requests and grain calls record them: OTEL_EXPORTER_OTLP_ENDPOINT is set.</summary>
    public static bool TracingEnabled(IConfiguration configuration) => !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static bool DashboardEnabled(IConfiguration configuration) => configuration.GetValue("Dashboard:Enabled", false);

    public static WebApplication MapPersonalizationObservability(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint();
        if (DashboardEnabled(app.Configuration))
        {
            var dashboard = app.MapOrleansDashboard(routePrefix: "/dashboard");
            // It shows and controls the whole cluster: on a protected host only an admin key opens it (no rate limit, as it polls).
            if (app.Services.GetRequiredService<SecurityMode>().IsProtected)
            {
                dashboard.RequireAuthorization(ApiScopes.KeysAdmin);
            }
        }

        return app;
    }
}
