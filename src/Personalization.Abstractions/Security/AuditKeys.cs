using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace Personalization.Security;

/// <summary>
/// How audit entries name who made a change and what it changed, for every writer of the trail (the HTTP API and the
/// console), so entries for the same change read the same whichever way it was made.
/// </summary>
public static class AuditKeys
{
    /// <summary>The claim the API key scheme puts the key's id in.</summary>
    public const string KeyIdClaim = "key_id";

    /// <summary>The key id recorded for changes made on an open (loopback) host, where no key is needed.</summary>
    public const string OpenKeyId = "open";

    public static string KeyId(ClaimsPrincipal user) => user.FindFirst(KeyIdClaim)?.Value ?? OpenKeyId;

    /// <summary>"kind/id", or with <paramref name="pseudonymous"/> "kind/sha256:&lt;hex&gt;": an erased customer's id must not be stored again by the record of its erasure, yet whoever knows the id can find it.</summary>
    public static string Target(string kind, string id, bool pseudonymous = false) =>
        pseudonymous ? $"{kind}/sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))}" : $"{kind}/{id}";
}
