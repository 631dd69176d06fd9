namespace Personalization.Security;

public sealed class DataProtectionKeyRingState
{
    /// <summary>Each key ring element's XML by its name.</summary>
    public Dictionary<string, string> Elements { get; set; } = new(StringComparer.Ordinal);
}
