namespace Personalization.Security;

/// <summary>
/// One change to the engine's configuration or data: who (<see cref="KeyId"/>), when, what (<see cref="Action"/> on
/// <see cref="Target"/>), and the target's version before and after where it has versions (segments and campaigns).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset Time,
    [property: Id(2)] string KeyId,
    [property: Id(3)] string Action,
    [property: Id(4)] string Target,
    [property: Id(5)] long? VersionBefore,
    [property: Id(6)] long? VersionAfter);
