using Personalization.Customers;

namespace Personalization.Host.Hosting;

/// <summary>
/// The "Storage" section: which grain storage holds the engine's state and how it is reached. Checked when the host
/// starts (<see cref="StorageOptionsValidator"/>); a bad value stops it with the key and the values allowed.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public const string DefaultTableName = "PersonalizationState";

    /// <summary>The most <see cref="MaxConnections"/> may ask for; beyond it the limit would no longer limit anything.</summary>
    public const int MaxConnectionsLimit = 4096;

    /// <summary>The names <see cref="Provider"/> accepts, case-insensitively: each provider's own, and "azure" for AzureTable.</summary>
    public static readonly IReadOnlyDictionary<string, StorageProvider> ProviderNames =
        new Dictionary<string, StorageProvider>(StringComparer.OrdinalIgnoreCase)
        {
            [nameof(StorageProvider.Memory)] = StorageProvider.Memory,
            [nameof(StorageProvider.AzureTable)] = StorageProvider.AzureTable,
            ["azure"] = StorageProvider.AzureTable,
            [nameof(StorageProvider.Redis)] = StorageProvider.Redis,
        };

    /// <summary>Memory (the default), AzureTable (or azure; <c>--storage azure</c> on the command line) or Redis.</summary>
    public string Provider { get; set; } = nameof(StorageProvider.Memory);

    /// <summary>The Azure Storage account's or the Redis server's connection string; required by both.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The Azure table holding every grain's state, created at start when missing.</summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>GZip the serialized state (durable providers only): rows a tenth of the size, and still read when plain.</summary>
    public bool Compress { get; set; } = true;

    /// <summary>Connections to the Azure Table endpoint at most; further writes queue in order in the HTTP client.</summary>
    public int MaxConnections { get; set; } = 64;

    /// <summary>When a customer's change is answered; unset, Acknowledged on durable storage and OnDeactivation in memory.</summary>
    public DurabilityMode? Durability { get; set; }

    /// <summary>The provider <see cref="Provider"/> names; only valid once <see cref="StorageOptionsValidator"/> passed.</summary>
    public StorageProvider ProviderKind => ProviderNames.TryGetValue(Provider, out var kind)
        ? kind
        : throw new InvalidOperationException(UnknownProvider(Provider));

    /// <summary>
    /// Writing to the process's own memory before the activation ends makes every event slower and keeps nothing
    /// safer, so in memory customers are written as their activations end unless <see cref="Durability"/> says otherwise.
    /// </summary>
    public DurabilityMode CustomerDurability =>
        Durability ?? (ProviderKind == StorageProvider.Memory ? DurabilityMode.OnDeactivation : DurabilityMode.Acknowledged);

    /// <summary>Printed on start so nobody mistakes the in-memory default for durable storage.</summary>
    public string Description => ProviderKind switch
    {
        StorageProvider.AzureTable => $"in Azure Table storage, table {TableName} (durable)",
        StorageProvider.Redis => "in Redis (durable as far as the Redis server persists)",
        _ => "in memory (state is lost when the process stops)",
    };

    internal static string UnknownProvider(string? name) => $"Storage:Provider '{name}' is not one of Memory, AzureTable (or azure), Redis.";
}
