using System.Security.Cryptography;
using Personalization.Security;

namespace Personalization.Host.Security;

/// <summary>The "Security" section: when keys are required, the bootstrap key, how fast revocations spread, rate limits.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>The shortest bootstrap key accepted: 32 characters of a random secret.</summary>
    public const int MinBootstrapKeyLength = 32;

    /// <summary>
    /// True or false forces protected mode on or off; unset, keys are required whenever the host listens on anything
    /// but loopback.
    /// </summary>
    public bool? RequireApiKeys { get; set; }

    /// <summary>An admin key (every scope) for the first start, as the secret itself (e.g. from Security__BootstrapKey).</summary>
    public string? BootstrapKey { get; set; }

    /// <summary>The same as the SHA-256 of the secret in hex, so configuration need not hold the secret.</summary>
    public string? BootstrapKeySha256 { get; set; }

    /// <summary>How often each silo asks the key store whether keys changed: a revocation holds everywhere within it.</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The bootstrap key's hash, from whichever of the two settings is given; null when neither is.</summary>
    public string? BootstrapSecretSha256() =>
        !string.IsNullOrEmpty(BootstrapKey) ? ApiKeySecrets.Sha256Hex(BootstrapKey)
        : !string.IsNullOrEmpty(BootstrapKeySha256) ? BootstrapKeySha256.ToLowerInvariant()
        : null;

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrEmpty(BootstrapKey) && !string.IsNullOrEmpty(BootstrapKeySha256))
        {
            yield return "Security:BootstrapKey and Security:BootstrapKeySha256 are both set; give one.";
        }

        if (!string.IsNullOrEmpty(BootstrapKey) && BootstrapKey.Length < MinBootstrapKeyLength)
        {
            yield return $"Security:BootstrapKey must be at least {MinBootstrapKeyLength} characters (e.g. the output of `openssl rand -base64 32`).";
        }

        if (!string.IsNullOrEmpty(BootstrapKeySha256) && (BootstrapKeySha256.Length != SHA256.HashSizeInBytes * 2 || !BootstrapKeySha256.All(char.IsAsciiHexDigit)))
        {
            yield return "Security:BootstrapKeySha256 must be 64 hexadecimal characters (`printf %s \"$KEY\" | sha256sum`).";
        }

        if (KeyRefreshInterval < TimeSpan.FromMilliseconds(10) || KeyRefreshInterval > TimeSpan.FromSeconds(1))
        {
            yield return "Security:KeyRefreshInterval must be between 00:00:00.010 and 00:00:01: a revocation must hold within a second.";
        }
    }
}
