namespace Personalization.Host.Security;

/// <summary>A token bucket per key (per key and client address for public keys) for the endpoints of one scope.</summary>
public sealed class ScopeRateLimit
{
    /// <summary>Requests a second, sustained.</summary>
    public int PermitsPerSecond { get; set; }

    /// <summary>Requests at once after a quiet spell: the bucket's size.</summary>
    public int Burst { get; set; }
}
