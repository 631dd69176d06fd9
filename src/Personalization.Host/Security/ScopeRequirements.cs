using Personalization.Security;

namespace Personalization.Host.Security;

public static class ScopeRequirements
{
    /// <summary>
    /// Endpoints that need <paramref name="scope"/>: its authorization policy (which <see cref="RateLimits"/> also reads
    /// for the scope's rate limit), and for the scopes a browser key may carry the browser CORS policy.
    /// </summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization(scope);
        if (ApiScopes.Browser.Contains(scope))
        {
            builder.RequireCors(BrowserCors.PolicyName);
        }

        return builder;
    }
}
