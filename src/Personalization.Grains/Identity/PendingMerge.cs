using System.Text.Json.Serialization;

namespace Personalization.Identity;

/// <summary>The intent of a merge, stored by the merging customer before anything else happens.</summary>
public sealed class PendingMerge
{
    public string AbsorbedId { get; set; } = "";

    public bool MergeKnownCustomers { get; set; }

    /// <summary>The absorbed id's own aliases, to point at the merging customer once the merged state is stored.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Repoint { get; set; }
}
