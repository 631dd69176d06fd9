using System.Text.Json.Serialization;
using Personalization.Identity;
using Personalization.Rules.Facts;

namespace Personalization.Customers;

/// <summary>
/// What is persisted per customer, as JSON. <see cref="SchemaVersion"/> says which layout a stored row has:
/// 1 held the facts and segments; 2 added <see cref="MembershipSequence"/> and <see cref="RecentEventIds"/>; 3 stores
/// retained events and activity marks as compact arrays (their converters still read the object form of 1 and 2).
/// </summary>
public sealed class CustomerState
{
    public const int CurrentSchemaVersion = 3;

    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    public CustomerFacts Facts { get; set; } = new();

    /// <summary>Membership as last evaluated, kept so that a reactivation against a changed catalog reports real entries and exits.</summary>
    public string[] Segments { get; set; } = [];

    /// <summary>Numbers the membership changes this customer published; see <c>SegmentMembershipChanged.Sequence</c>.</summary>
    public long MembershipSequence { get; set; }

    /// <summary>
    /// The most recent event ids, oldest first, at most <see cref="RecentEventIds.Capacity"/>; null until the customer's
    /// first event with an id, so that customers whose events carry none keep no list.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? RecentEventIds { get; set; }

    /// <summary>Aliases, a forward pointer or a merge in progress; null for a customer never identified nor merged (absent from old rows).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IdentityState? Identity { get; set; }

    /// <summary>Brings a state read from storage to the current layout; true when anything changed, so it is written back.</summary>
    public bool Upgrade()
    {
        if (SchemaVersion >= CurrentSchemaVersion)
        {
            return false;
        }

        // Schema 1 had no event ids and published no numbered changes: both start empty, which the defaults already are.
        // Schema 2's object-form events were read as they are; writing the state back stores them compactly.
        SchemaVersion = CurrentSchemaVersion;
        return true;
    }
}
