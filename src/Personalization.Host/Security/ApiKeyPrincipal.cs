using System.Collections.Frozen;
using System.Security.Claims;

namespace Personalization.Host.Security;

/// <summary>
/// The caller a key authenticates, with its claims (scope, key id, name, public) and the same facts as fields, so the
/// scope policies and the rate limiter read them without walking the claims on every request.
/// </summary>
public sealed class ApiKeyPrincipal(string keyId, FrozenSet<string> scopes, bool isPublic, ClaimsIdentity identity) : ClaimsPrincipal(identity)
{
    public string KeyId { get; } = keyId;

    public FrozenSet<string> Scopes { get; } = scopes;

    public bool IsPublic { get; } = isPublic;
}
