using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Personalization.Host.Security;

/// <summary>
/// Kestrel's limits against slow and hostile clients, set on purpose rather than left to defaults; any can be
/// overridden under <c>Kestrel:Limits</c> (e.g. Kestrel__Limits__MaxConcurrentConnections). Documented in
/// docs/operations.md.
/// </summary>
public static class KestrelLimits
{
    /// <summary>Open connections at once; beyond them Kestrel refuses new ones instead of running out of memory.</summary>
    public const long MaxConcurrentConnections = 10_000;

    /// <summary>All headers of a request together: an API key and a browser's headers fit many times over.</summary>
    public const int MaxRequestHeadersTotalSize = 32 * 1024;

    public const int MaxRequestHeaderCount = 100;

    /// <summary>A client that has not sent its headers in this time is cut off (slowloris).</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    /// <summary>An idle keep-alive connection is closed after this.</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(120);

    /// <summary>A body sent slower than this, after the grace period, is cut off (slow POST).</summary>
    public static readonly MinDataRate MinRequestBodyDataRate = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));

    public static void Apply(KestrelServerLimits limits, IConfiguration configuration)
    {
        limits.MaxConcurrentConnections = MaxConcurrentConnections;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
        limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.MinRequestBodyDataRate = MinRequestBodyDataRate;
        // The largest body the API reads (a batch of events); larger ones get 413 before they are read.
        limits.MaxRequestBodySize = Http.ApiLimits.MaxRequestBytes;
        configuration.GetSection("Kestrel:Limits").Bind(limits);
    }
}
