using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
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
        var mode = SecurityMode.From(configuration);
        services.AddSingleton(mode);
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidation>();
        services.AddSingleton<ApiKeyCache>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiKeyCache>());

        services.AddTransient<ApiKeyAuthenticationHandler>();
        services.AddAuthentication(authentication =>
        {
            authentication.DefaultScheme = ApiKeyAuthenticationHandler.SchemeName;
            authentication.AddScheme<ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, displayName: null);
        });
        services.AddAuthorization(authorization =>
        {
            foreach (var scope in ApiScopes.All)
            {
                authorization.AddPolicy(scope, policy => policy.AddRequirements(new ScopeRequirement(scope)));
            }
        });
        // An open host checks only the requests that send a key (see UsePersonalizationSecurity), so an endpoint's
        // scope policy is not an error on a request that skipped authorization there.
        services.Configure<RouteOptions>(routing => routing.SuppressCheckForUnhandledSecurityMetadata = !mode.IsProtected);
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<ApiKeyCache>(BrowserCors.Configure);
        services.AddRateLimiter(limiter => RateLimits.Configure(limiter, configuration));
        builder.WebHost.ConfigureKestrel(kestrel => KestrelLimits.Apply(kestrel.Limits, configuration));
        return builder;
    }

    /// <summary>
    /// The middleware and the key and audit endpoints. Protected: CORS, authentication, authorization and rate limits on
    /// every request. Open: an API request without a key has every scope, so it skips both, which keeps the hottest
    /// requests (a page's lookup, an event) as cheap as without access control; a request that sends a key is checked
    /// as on a protected host (an unknown key is refused, a key's scopes hold), and so is the console's.
    /// </summary>
    public static WebApplication UsePersonalizationSecurity(this WebApplication app)
    {
        app.UseCors();
        if (app.Services.GetRequiredService<SecurityMode>().IsProtected)
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseRateLimiter();
        }
        else
        {
            app.UseWhen(context => !IsOpenToKeylessCallers(context), checkedRequests => checkedRequests.UseAuthentication().UseAuthorization());
        }

        app.MapKeyEndpoints();
        app.MapAuditEndpoints();
        return app;
    }

    /// <summary>
    /// Whether an open host lets the request through unauthenticated: it sends no key, and its endpoint requires at
    /// most API scopes, which a key-less caller of an open host holds all of. Endpoints with other requirements (the
    /// console's sign-in scheme) are authenticated as usual.
    /// </summary>
    private static bool IsOpenToKeylessCallers(HttpContext context)
    {
        if (ApiKeyAuthenticationHandler.SendsKey(context.Request.Headers))
        {
            return false;
        }

        if (context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>() is not { } requirements)
        {
            return true;
        }

        for (var i = 0; i < requirements.Count; i++)
        {
            if (requirements[i].AuthenticationSchemes is not null || requirements[i].Policy is not { } policy || !ApiScopes.All.Contains(policy))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class SecurityOptionsValidation : IValidateOptions<SecurityOptions>
    {
        public ValidateOptionsResult Validate(string? name, SecurityOptions options) =>
            options.Validate().ToList() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
