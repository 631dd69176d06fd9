namespace Personalization.Host.Hosting;

/// <summary>Which grain storage holds customer state, chosen by "Storage:Provider".</summary>
public sealed class StorageChoice
{
    private StorageChoice(string provider, string description)
    {
        Provider = provider;
        Description = description;
    }

    public string Provider { get; }

    /// <summary>Printed on start so nobody mistakes the in-memory default for durable storage.</summary>
    public string Description { get; }

    public static StorageChoice From(IConfiguration configuration)
    {
        var provider = configuration["Storage:Provider"] ?? "Memory";
        return provider.ToLowerInvariant() switch
        {
            "memory" => new StorageChoice("Memory", "in memory (state is lost when the process stops)"),
            _ => throw new InvalidOperationException($"Storage:Provider '{provider}' is not supported; use Memory."),
        };
    }

    public void Configure(ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(StorageNames.Customers);
        silo.AddMemoryGrainStorage(StorageNames.Catalog);
        silo.AddMemoryGrainStorage(StorageNames.Membership);
    }
}
