using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Personalization.Host.Security;

/// <summary>
/// CORS for browser keys: pages from an origin some active public key lists may call the endpoints a browser key can
/// reach (events and a visitor's segments and offers); no other origin gets a CORS answer. The key itself is checked
/// against its own origins by <see cref="ApiKeyAuthenticationHandler"/>.
/// </summary>
public static class BrowserCors
{
    public const string PolicyName = "browser-keys";

    /// <summary>How long a browser may reuse a preflight answer.</summary>
    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    public static void Configure(CorsOptions cors, ApiKeyCache keys) => cors.AddPolicy(PolicyName, policy => policy
        .SetIsOriginAllowed(keys.IsBrowserOrigin)
        .WithMethods(HttpMethods.Get, HttpMethods.Post)
        .WithHeaders("authorization", ApiKeyAuthenticationHandler.ApiKeyHeader, "content-type")
        .SetPreflightMaxAge(PreflightMaxAge));
}
