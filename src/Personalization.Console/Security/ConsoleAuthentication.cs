using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Personalization.Console.Security;

/// <summary>
/// The console signs in with an API key and holds it in a cookie that ASP.NET Core Data Protection encrypts. Every
/// request re-checks the key with the host's own API key scheme (its default authentication scheme), so the console
/// has exactly the key's scopes, and a revoked key stops working at the next page load. Without the cookie the request
/// goes to the host's scheme as it is: an open (loopback) host lets it through with every scope, as it does the API;
/// a protected host sends the browser to the sign-in page.
/// </summary>
public static class ConsoleAuthentication
{
    /// <summary>The scheme console pages name: forwards to the cookie when the browser has one, else to the host's scheme.</summary>
    public const string SchemeName = "PersonalizationConsole";
    public const string CookieScheme = "PersonalizationConsole.Cookie";
    public const string CookieName = "personalization-console";
    private const string KeyClaim = "console_api_key";

    internal static void Add(IServiceCollection services)
    {
        services.AddAuthentication()
            .AddPolicyScheme(SchemeName, "Marketing console", policy =>
            {
                policy.ForwardDefaultSelector = context => context.Request.Cookies.ContainsKey(CookieName) ? CookieScheme : HostScheme(context);
                policy.ForwardChallenge = CookieScheme;
                policy.ForwardForbid = CookieScheme;
                policy.ForwardSignIn = CookieScheme;
                policy.ForwardSignOut = CookieScheme;
            })
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Cookie.Name = CookieName;
                // The Blazor circuit connects at /_blazor, outside /console, and needs the cookie too.
                cookie.Cookie.Path = "/";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = ConsolePaths.SignIn;
                cookie.AccessDeniedPath = ConsolePaths.SignIn;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    var key = context.Principal?.FindFirst(KeyClaim)?.Value;
                    var principal = key is null ? null : await AuthenticateKeyAsync(context.HttpContext, key);
                    if (key is null || principal is null)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieScheme);
                        return;
                    }

                    context.ReplacePrincipal(WithKey(principal, key));
                };
            });
    }

    /// <summary>The host's API key scheme: the application's default authentication scheme.</summary>
    private static string HostScheme(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<AuthenticationOptions>>().Value;
        return options.DefaultAuthenticateScheme ?? options.DefaultScheme
            ?? throw new InvalidOperationException("The console needs the host's API key scheme as the default authentication scheme.");
    }

    /// <summary>
    /// Checks <paramref name="key"/> exactly as an API request carrying it would be checked, in a request of its own (a
    /// scope of its own, as authentication handlers belong to one request), and answers its principal, or null.
    /// </summary>
    public static async Task<ClaimsPrincipal?> AuthenticateKeyAsync(HttpContext context, string key)
    {
        await using var scope = context.RequestServices.CreateAsyncScope();
        var probe = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        probe.Request.Headers.Authorization = $"Bearer {key}";
        var result = await probe.AuthenticateAsync(HostScheme(context));
        return result.Succeeded ? result.Principal : null;
    }

    /// <summary>Signs the browser in with <paramref name="key"/>; false when the host does not accept the key.</summary>
    public static async Task<bool> SignInAsync(HttpContext context, string key)
    {
        var principal = await AuthenticateKeyAsync(context, key.Trim());
        if (principal is null)
        {
            return false;
        }

        await context.SignInAsync(CookieScheme, WithKey(principal, key.Trim()));
        return true;
    }

    private static ClaimsPrincipal WithKey(ClaimsPrincipal principal, string key)
    {
        var identity = new ClaimsIdentity(principal.Claims.Where(c => c.Type != KeyClaim), CookieScheme, ClaimTypes.Name, null);
        identity.AddClaim(new Claim(KeyClaim, key));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>POST /console/sign-out (a form with the antiforgery token): drops the cookie.</summary>
    internal static void MapSignOut(IEndpointRouteBuilder app) =>
        app.MapPost(ConsolePaths.SignOut, async (HttpContext context) =>
            {
                await context.SignOutAsync(CookieScheme);
                return Results.Redirect(ConsolePaths.SignIn);
            })
            .WithMetadata(ConsoleEndpoint.Marker, new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute())
            .AllowAnonymous()
            .ExcludeFromDescription();
}
