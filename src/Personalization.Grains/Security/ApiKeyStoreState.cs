namespace Personalization.Security;

public sealed class ApiKeyStoreState
{
    /// <summary>Increases with every change; silos compare it to know when to reload their copy.</summary>
    public long Version { get; set; }

    /// <summary>Every key by id, revoked ones included, so a revoked id is never given out again.</summary>
    public Dictionary<string, ApiKey> Keys { get; set; } = new(StringComparer.Ordinal);
}
