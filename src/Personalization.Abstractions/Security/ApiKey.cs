using System.Collections.Immutable;

namespace Personalization.Security;

/// <summary>
/// An API key as the cluster stores it: never the secret, only its SHA-256 (<see cref="SecretSha256"/>, lower-case hex).
/// A public key is a browser key: it may be called from <see cref="AllowedOrigins"/> only.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ApiKey(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string SecretSha256,
    [property: Id(3)] ImmutableArray<string> Scopes,
    [property: Id(4)] bool Public,
    [property: Id(5)] ImmutableArray<string> AllowedOrigins,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset? RevokedAt = null);
