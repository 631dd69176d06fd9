using System.Text.Json.Serialization;

namespace Personalization.Identity;

/// <summary>
/// A customer's part in identity resolution, stored with its state; null for the many customers that never took part,
/// so they pay one reference for it.
/// </summary>
public sealed class IdentityState
{
    /// <summary>The customer this id is an alias of: every call for this id is forwarded there.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AliasOf { get; set; }

    /// <summary>The customer of <see cref="AliasOf"/> stored the merged state and this id dropped its own.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool HandedOver { get; set; }

    /// <summary>The customer was identified (an identify named it as the customer): merging it into another needs the flag.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Known { get; set; }

    /// <summary>The ids that are aliases of this customer, each one hop from it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Aliases { get; set; }

    /// <summary>A merge this customer began and has not finished: finished by the next identify or the next activation.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PendingMerge? PendingMerge { get; set; }

    /// <summary>Merges of this customer run one at a time.</summary>
    [JsonIgnore]
    internal SemaphoreSlim Turn { get; } = new(1, 1);
}
