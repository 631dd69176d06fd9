namespace Personalization.Host.Hosting;

/// <summary>Where the engine's grain state lives (<c>Storage:Provider</c>).</summary>
public enum StorageProvider
{
    Memory,
    AzureTable,
    Redis,
}
