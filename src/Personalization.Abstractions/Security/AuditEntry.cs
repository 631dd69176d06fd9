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

/// <summary>The audit actions, one per kind of change.</summary>
public static class AuditActions
{
    public const string SegmentSaved = "segment.saved";
    public const string SegmentDeleted = "segment.deleted";
    public const string CampaignSaved = "campaign.saved";
    public const string CampaignDeleted = "campaign.deleted";
    public const string KeyCreated = "key.created";
    public const string KeyRevoked = "key.revoked";
    public const string CustomerErased = "customer.erased";
}
