using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Personalization.Host.Security;

/// <summary>
/// Making and hashing key secrets: 256 random bits, base64url, behind a prefix that says what the key is
/// (<c>pz_sk_</c> secret, <c>pz_pk_</c> public) so leaked keys are recognisable to secret scanners.
/// </summary>
public static class ApiKeySecrets
{
    public const string SecretPrefix = "pz_sk_";
    public const string PublicPrefix = "pz_pk_";
    private const int SecretBytes = 32;

    /// <summary>The longest credential read from a request; anything longer is no key of ours.</summary>
    public const int MaxLength = 256;

    public static string NewSecret(bool isPublic) =>
        (isPublic ? PublicPrefix : SecretPrefix) + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>A key id: not secret, shown in lists and the audit trail.</summary>
    public static string NewId() => "key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string Sha256Hex(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The hash of a secret as a value type, so a request's key check allocates nothing.</summary>
    public static KeyHash Hash(ReadOnlySpan<char> secret)
    {
        Span<byte> utf8 = stackalloc byte[MaxLength * 3];
        var length = Encoding.UTF8.GetBytes(secret, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        return KeyHash.From(hash);
    }
}
