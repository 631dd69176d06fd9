using System.Collections.Frozen;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Personalization.Security;

namespace Personalization.Host.Security;

/// <summary>
/// ASP.NET Core's rate limiter with token buckets per scope, sized by <c>Security:RateLimits:&lt;scope&gt;</c>
/// (PermitsPerSecond, Burst). One partitioned global limiter rather than a policy per scope: the scope is the endpoint's
/// authorization policy and the partition a small struct, so a request allocates nothing to find its bucket. A secret
/// key has a bucket of its own; a public key, shared by every visitor of a shop, has one per key and client address.
/// Over the limit: 429 with Retry-After and a problem body. Only a protected host limits; an open one serves loopback
/// only.
/// </summary>
public static class RateLimits
{
    /// <summary>Defaults per scope: high for the website's calls, low for people's and scripts' changes.</summary>
    public static readonly IReadOnlyDictionary<string, (int PermitsPerSecond, int Burst)> Defaults = new Dictionary<string, (int, int)>
    {
        [ApiScopes.EventsWrite] = (2_000, 4_000),
        [ApiScopes.SegmentsRead] = (2_000, 4_000),
        [ApiScopes.CustomersRead] = (200, 400),
        [ApiScopes.CustomersWrite] = (200, 400),
        [ApiScopes.CustomersErase] = (50, 100),
        [ApiScopes.CatalogRead] = (50, 100),
        [ApiScopes.CatalogWrite] = (10, 20),
        [ApiScopes.KeysAdmin] = (10, 20),
    };

    public static ScopeRateLimit For(IConfiguration configuration, string scope)
    {
        var (permits, burst) = Defaults[scope];
        var limit = new ScopeRateLimit { PermitsPerSecond = permits, Burst = burst };
        // Scopes contain ':', the configuration path separator: Security:RateLimits:events:write:PermitsPerSecond.
        configuration.GetSection($"{SecurityOptions.SectionName}:RateLimits:{scope}").Bind(limit);
        if (limit.PermitsPerSecond < 1 || limit.Burst < 1)
        {
            throw new InvalidOperationException($"Security:RateLimits:{scope} needs PermitsPerSecond and Burst of at least 1 (got {limit.PermitsPerSecond} and {limit.Burst}).");
        }

        return limit;
    }

    public static void Configure(RateLimiterOptions limiter, IConfiguration configuration)
    {
        // One token bucket per scope and key (and client address for public keys), made on the key's first request in
        // the scope and refilled by the partitioned limiter's own timer, not one timer per bucket.
        var buckets = ApiScopes.All.ToFrozenDictionary(scope => scope, scope =>
        {
            var limit = For(configuration, scope);
            var bucket = new TokenBucketRateLimiterOptions
            {
                TokenLimit = limit.Burst,
                TokensPerPeriod = limit.PermitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = false,
            };
            return (Func<RatePartition, RateLimiter>)(_ => new TokenBucketRateLimiter(bucket));
        });
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, RatePartition>(context => Partition(context, buckets));

        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            var http = rejected.HttpContext;
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests.",
                    Detail = $"This key's rate limit for these endpoints is spent; retry after {seconds} s.",
                },
            });
        };
    }

    /// <summary>
    /// The bucket a request draws from: the scope its endpoint requires (its authorization policy) and the caller. A
    /// secret key has a bucket of its own; a public key, shared by every visitor of a shop, one per client address.
    /// Endpoints that require no scope are not limited.
    /// </summary>
    private static RateLimitPartition<RatePartition> Partition(HttpContext context, FrozenDictionary<string, Func<RatePartition, RateLimiter>> buckets)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>()?.Policy is not { } scope || !buckets.TryGetValue(scope, out var bucket))
        {
            return RateLimitPartition.GetNoLimiter(default(RatePartition));
        }

        var (keyId, isPublic) = context.User is ApiKeyPrincipal key
            ? (key.KeyId, key.IsPublic)
            : (context.User.FindFirst(ApiKeyCache.KeyIdClaim)?.Value ?? "", context.User.HasClaim(ApiKeyCache.PublicClaim, "true"));
        var address = isPublic || keyId.Length == 0 ? context.Connection.RemoteIpAddress : null;
        return RateLimitPartition.Get(new RatePartition(scope, keyId, address), bucket);
    }

    /// <summary>Who shares a token bucket.</summary>
    private readonly record struct RatePartition(string Scope, string KeyId, System.Net.IPAddress? Address);
}
