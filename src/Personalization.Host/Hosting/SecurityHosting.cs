using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Personalization.Host.Security;
using Personalization.Security;

namespace Personalization.Host.Hosting;

/// <summary>
/// Access control: API keys (one authentication scheme), a policy per scope, CORS for browser keys, rate limits per
/// key, Kestrel's limits, the key and audit endpoints. Protected or open is decided by <see cref="SecurityMode"/>.
/// </summary>
public static class SecurityHosting
{
    /// <summary>Registers access control; call after AddPersonalizationSilo, so the key cache starts after the silo.</summary>
    public static WebApplicationBuilder AddPersonalizationSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddSingleton(SecurityMode.From(configuration));
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidation>();
        services.AddSingleton<ApiKeyCache>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiKeyCache>());

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(authorization =>
        {
            foreach (var scope in ApiScopes.All)
            {
                authorization.AddPolicy(scope, policy => policy.RequireClaim(ApiKeyCache.ScopeClaim, scope));
            }
        });
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<ApiKeyCache>(BrowserCors.Configure);
        services.AddRateLimiter(limiter => RateLimits.Configure(limiter, configuration));
        builder.WebHost.ConfigureKestrel(kestrel => KestrelLimits.Apply(kestrel.Limits, configuration));
        return builder;
    }

    /// <summary>The middleware (CORS, authentication, authorization, and rate limits when protected) and the key and audit endpoints.</summary>
    public static WebApplication UsePersonalizationSecurity(this WebApplication app)
    {
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        if (app.Services.GetRequiredService<SecurityMode>().IsProtected)
        {
            app.UseRateLimiter();
        }

        app.MapKeyEndpoints();
        app.MapAuditEndpoints();
        return app;
    }

    private sealed class SecurityOptionsValidation : IValidateOptions<SecurityOptions>
    {
        public ValidateOptionsResult Validate(string? name, SecurityOptions options) =>
            options.Validate().ToList() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
