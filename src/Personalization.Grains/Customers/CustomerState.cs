using Personalization.Rules;

namespace Personalization.Customers;

/// <summary>What is persisted per customer. Stored as JSON; <see cref="SchemaVersion"/> lets later versions read older rows.</summary>
public sealed class CustomerState
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    public CustomerFacts Facts { get; set; } = new();

    /// <summary>Membership as last evaluated, kept so that a reactivation against a changed catalog reports real entries and exits.</summary>
    public List<string> Segments { get; set; } = [];

    /// <summary>Numbers the membership changes this customer published; see <c>SegmentMembershipChanged.Sequence</c>.</summary>
    public long MembershipSequence { get; set; }

    /// <summary>The most recent event ids, oldest first, at most <see cref="RecentEventIds.Capacity"/>.</summary>
    public List<string> RecentEventIds { get; set; } = [];
}
