using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Personalization.Host.Security;

/// <summary>
/// The one authentication scheme: an API key sent as <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key</c>,
/// checked against this silo's <see cref="ApiKeyCache"/>. Without a key, an open (loopback) host lets the caller
/// through with every scope and a protected one answers 401; scopes are checked by the endpoints' policies.
/// </summary>
/// <remarks>
/// Implements <see cref="IAuthenticationHandler"/> directly rather than deriving from
/// <see cref="AuthenticationHandler{TOptions}"/>: it runs on every request of a protected host, and needs none of the base
/// class's per-request options, logger and events. The results it answers are made once per key, not per request.
/// </remarks>
public sealed class ApiKeyAuthenticationHandler(ApiKeyCache keys, SecurityMode mode, IProblemDetailsService problems) : IAuthenticationHandler
{
    public const string SchemeName = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";
    private const string BearerPrefix = "Bearer ";

    private static readonly Task<AuthenticateResult> NoKey = Task.FromResult(AuthenticateResult.NoResult());
    private static readonly Task<AuthenticateResult> UnknownKey = Task.FromResult(AuthenticateResult.Fail("The API key is not known or has been revoked."));

    private HttpContext context = null!;
    private Task<AuthenticateResult>? result;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        this.context = context;
        return Task.CompletedTask;
    }

    public Task<AuthenticateResult> AuthenticateAsync() => result ??= Authenticate();

    private Task<AuthenticateResult> Authenticate()
    {
        if (!TryReadKey(context.Request.Headers, out var secret))
        {
            return mode.IsProtected ? NoKey : keys.OpenResult;
        }

        if (!keys.TryFind(secret, out var key))
        {
            return UnknownKey;
        }

        // A browser sends the page's origin; a public key works only from the origins it lists.
        if (key.Key.Public && context.Request.Headers.Origin is [{ } origin] && !key.AllowedOrigins.Contains(origin))
        {
            return Task.FromResult(AuthenticateResult.Fail($"The API key may not be used from origin {origin}."));
        }

        return key.Result;
    }

    /// <summary>Whether the request carries a key header at all, valid or not.</summary>
    public static bool SendsKey(IHeaderDictionary headers) => headers.ContainsKey(HeaderNames.Authorization) || headers.ContainsKey(ApiKeyHeader);

    private static bool TryReadKey(IHeaderDictionary headers, out ReadOnlySpan<char> secret)
    {
        secret = default;
        if (headers.Authorization is [{ } authorization] && authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            secret = authorization.AsSpan(BearerPrefix.Length).Trim();
        }
        else if (headers[ApiKeyHeader] is [{ } header])
        {
            secret = header.AsSpan().Trim();
        }

        return secret.Length is > 0 and <= ApiKeySecrets.MaxLength;
    }

    public async Task ChallengeAsync(AuthenticationProperties? properties)
    {
        var failure = (await AuthenticateAsync()).Failure;
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.Append(HeaderNames.WWWAuthenticate, "Bearer");
        await WriteProblemAsync(
            "An API key is required.",
            failure?.Message ?? $"Send a key as 'Authorization: Bearer <key>' or '{ApiKeyHeader}: <key>'.");
    }

    public Task ForbidAsync(AuthenticationProperties? properties)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var scope = context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>()?.Policy;
        return WriteProblemAsync("The API key lacks the scope this endpoint requires.", $"This endpoint requires the scope '{scope}'.");
    }

    private Task WriteProblemAsync(string title, string detail) => problems.WriteAsync(new ProblemDetailsContext
    {
        HttpContext = context,
        ProblemDetails = new ProblemDetails { Status = context.Response.StatusCode, Title = title, Detail = detail },
    }).AsTask();
}
