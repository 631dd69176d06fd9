using System.Collections.Immutable;

namespace Personalization.Host.Security;

/// <summary>The answer to a creation: the only time the secret <see cref="Key"/> is shown.</summary>
public sealed record CreatedApiKeyResponse(
    string Id, string Key, string Name, ImmutableArray<string> Scopes, bool Public, ImmutableArray<string> AllowedOrigins, DateTimeOffset CreatedAt);
