using System.Collections.Immutable;
using Personalization.Security;

namespace Personalization.Host.Security;

/// <summary>A key as listed: everything but its secret, which nobody can read after creation.</summary>
public sealed record ApiKeyResponse(
    string Id, string Name, ImmutableArray<string> Scopes, bool Public, ImmutableArray<string> AllowedOrigins, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse From(ApiKey key) => new(key.Id, key.Name, key.Scopes, key.Public, key.AllowedOrigins, key.CreatedAt, key.RevokedAt);
}
