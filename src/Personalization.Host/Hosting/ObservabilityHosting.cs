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
                .AddAspNetCoreInstrumentation()
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
