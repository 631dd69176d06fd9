using System.Collections.Immutable;

namespace Personalization.Security;

/// <summary>Every key ever created, revoked ones included, at one version of the key store.</summary>
[GenerateSerializer, Immutable]
public sealed record ApiKeySnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableArray<ApiKey> Keys);
