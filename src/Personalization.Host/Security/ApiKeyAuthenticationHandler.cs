using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Personalization.Host.Security;

/// <summary>
/// The one authentication scheme: an API key sent as <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key</c>,
/// checked against this silo's <see cref="ApiKeyCache"/>. Without a key, an open (loopback) host lets the caller
/// through with every scope and a protected one answers 401; scopes are checked by the endpoints' policies.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache keys,
    SecurityMode mode,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryReadKey(Request.Headers, out var secret))
        {
            return Task.FromResult(mode.IsProtected ? AuthenticateResult.NoResult() : AuthenticateResult.Success(keys.OpenTicket));
        }

        if (!keys.TryFind(secret, out var key))
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not known or has been revoked."));
        }

        // A browser sends the page's origin; a public key works only from the origins it lists.
        if (key.Key.Public && Request.Headers.Origin is [{ } origin] && !key.AllowedOrigins.Contains(origin))
        {
            return Task.FromResult(AuthenticateResult.Fail($"The API key may not be used from origin {origin}."));
        }

        return Task.FromResult(AuthenticateResult.Success(key.Ticket));
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

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, "Bearer");
        await WriteProblemAsync(
            "An API key is required.",
            failure?.Message ?? $"Send a key as 'Authorization: Bearer <key>' or '{ApiKeyHeader}: <key>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var scope = Context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>()?.Policy;
        return WriteProblemAsync("The API key lacks the scope this endpoint requires.", $"This endpoint requires the scope '{scope}'.");
    }

    private Task WriteProblemAsync(string title, string detail) => problems.WriteAsync(new ProblemDetailsContext
    {
        HttpContext = Context,
        ProblemDetails = new ProblemDetails { Status = Response.StatusCode, Title = title, Detail = detail },
    }).AsTask();
}
