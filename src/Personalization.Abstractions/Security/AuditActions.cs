namespace Personalization.Security;

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
