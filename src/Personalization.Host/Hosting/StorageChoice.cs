using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Orleans.Storage;
using Personalization.Persistence;
using Personalization.Storage.AzureTable;
using StackExchange.Redis;

namespace Personalization.Host.Hosting;

public enum StorageProvider
{
    Memory,
    AzureTable,
    Redis,
}

/// <summary>
/// Which grain storage holds the engine's state, from the "Storage" section: <c>Provider</c>
/// (Memory, AzureTable or Redis; <c>--storage azure</c> on the command line), <c>ConnectionString</c>,
/// <c>Compress</c> (durable providers only, on by default) and for Azure Table storage <c>TableName</c>.
/// </summary>
public sealed class StorageChoice
{
    public const string DefaultTableName = "PersonalizationState";

    private static readonly string[] StorageNamesToRegister = [StorageNames.Customers, StorageNames.Catalog, StorageNames.Membership];

    /// <summary>The most <c>Storage:MaxConnections</c> may ask for; beyond it the limit would no longer limit anything.</summary>
    public const int MaxConnectionsLimit = 4096;

    private readonly string? connectionString;
    private readonly string tableName;
    private readonly bool compress;
    private readonly int maxConnections;

    private StorageChoice(StorageProvider provider, string? connectionString, string tableName, bool compress, int maxConnections)
    {
        Provider = provider;
        this.connectionString = connectionString;
        this.tableName = tableName;
        this.compress = compress;
        this.maxConnections = maxConnections;
    }

    public StorageProvider Provider { get; }

    /// <summary>Printed on start so nobody mistakes the in-memory default for durable storage.</summary>
    public string Description => Provider switch
    {
        StorageProvider.AzureTable => $"in Azure Table storage, table {tableName} (durable)",
        StorageProvider.Redis => "in Redis (durable as far as the Redis server persists)",
        _ => "in memory (state is lost when the process stops)",
    };

    public static StorageChoice From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Storage");
        var name = section["Provider"] ?? nameof(StorageProvider.Memory);
        var provider = name.ToLowerInvariant() switch
        {
            "memory" => StorageProvider.Memory,
            "azure" or "azuretable" => StorageProvider.AzureTable,
            "redis" => StorageProvider.Redis,
            _ => throw new InvalidOperationException($"Storage:Provider '{name}' is not known; use Memory, AzureTable (or azure) or Redis."),
        };
        var connectionString = section["ConnectionString"];
        if (provider != StorageProvider.Memory && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"Storage:Provider {provider} needs Storage:ConnectionString.");
        }

        var maxConnections = section.GetValue("MaxConnections", 64);
        if (maxConnections is < 1 or > MaxConnectionsLimit)
        {
            throw new InvalidOperationException($"Storage:MaxConnections is {maxConnections}; it must be between 1 and {MaxConnectionsLimit}.");
        }

        return new StorageChoice(provider, connectionString, section["TableName"] ?? DefaultTableName, section.GetValue("Compress", true), maxConnections);
    }

    public void Configure(ISiloBuilder silo)
    {
        foreach (var name in StorageNamesToRegister)
        {
            switch (Provider)
            {
                case StorageProvider.AzureTable:
                    silo.AddAzureTableGrainStorage(name, options => options.Configure<IGrainStorageSerializer>((table, serializer) =>
                    {
                        table.ClientOptions = new TableClientOptions
                        {
                            Transport = new HttpClientTransport(new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections }),
                        };
                        table.ConfigureTableServiceClient(connectionString!);
                        table.TableName = tableName;
                        table.GrainStorageSerializer = Serializer(serializer);
                    }));
                    break;
                case StorageProvider.Redis:
                    silo.AddRedisGrainStorage(name, options => options.Configure<IGrainStorageSerializer>((redis, serializer) =>
                    {
                        redis.ConfigurationOptions = ConfigurationOptions.Parse(connectionString!);
                        redis.GrainStorageSerializer = Serializer(serializer);
                    }));
                    break;
                default:
                    // In memory there is nothing to save: compressing would only cost each write its CPU.
                    silo.AddMemoryGrainStorage(name);
                    break;
            }
        }
    }

    private IGrainStorageSerializer Serializer(IGrainStorageSerializer silos) =>
        compress ? new CompressedGrainStorageSerializer(silos) : silos;
}
