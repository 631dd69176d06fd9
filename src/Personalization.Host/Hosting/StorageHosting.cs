using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using Personalization.Persistence;
using StackExchange.Redis;

namespace Personalization.Host.Hosting;

public static class StorageHosting
{
    private static readonly string[] StorageNamesToRegister = [StorageNames.Customers, StorageNames.Catalog, StorageNames.Membership];

    /// <summary>
    /// Registers the engine's grain storages on the provider the "Storage" section names: Orleans' own Azure Table,
    /// Redis or memory providers, with the engine's serializer (GZip unless <c>Storage:Compress=false</c>). The options
    /// are bound from the section and validated when the host starts; <paramref name="configure"/> runs after binding.
    /// </summary>
    public static ISiloBuilder AddPersonalizationStorage(this ISiloBuilder silo, Action<OptionsBuilder<StorageOptions>>? configure = null)
    {
        var options = silo.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName);
        configure?.Invoke(options);
        options.ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();

        // The provider decides which services exist, so it is checked now; every other setting is read and checked when
        // the options are built, as the host starts.
        var name = silo.Configuration.GetSection(StorageOptions.SectionName)[nameof(StorageOptions.Provider)] ?? nameof(StorageProvider.Memory);
        if (!StorageOptions.ProviderNames.TryGetValue(name, out var provider))
        {
            throw new OptionsValidationException(StorageOptions.SectionName, typeof(StorageOptions), [StorageOptions.UnknownProvider(name)]);
        }

        foreach (var storageName in StorageNamesToRegister)
        {
            switch (provider)
            {
                case StorageProvider.AzureTable:
                    silo.AddAzureTableGrainStorage(storageName, table => table.Configure<IOptions<StorageOptions>, IGrainStorageSerializer>((table, storage, serializer) =>
                    {
                        table.TableServiceClient = TableService(storage.Value);
                        table.TableName = storage.Value.TableName;
                        // Clearing is how a customer is erased on request: the row goes, not just its state.
                        table.DeleteStateOnClear = true;
                        table.GrainStorageSerializer = Serializer(storage.Value, serializer);
                    }));
                    break;
                case StorageProvider.Redis:
                    silo.AddRedisGrainStorage(storageName, redis => redis.Configure<IOptions<StorageOptions>, IGrainStorageSerializer>((redis, storage, serializer) =>
                    {
                        redis.ConfigurationOptions = ConfigurationOptions.Parse(storage.Value.ConnectionString!);
                        redis.GrainStorageSerializer = Serializer(storage.Value, serializer);
                    }));
                    break;
                default:
                    // In memory there is nothing to save: compressing would only cost each write its CPU.
                    silo.AddMemoryGrainStorage(storageName);
                    break;
            }
        }

        return silo;
    }

    /// <summary>The Table service client of the engine's storage, with at most <see cref="StorageOptions.MaxConnections"/> connections.</summary>
    public static TableServiceClient TableService(StorageOptions storage) =>
        new(storage.ConnectionString, new TableClientOptions
        {
            Transport = new HttpClientTransport(new SocketsHttpHandler { MaxConnectionsPerServer = storage.MaxConnections }),
        });

    private static IGrainStorageSerializer Serializer(StorageOptions storage, IGrainStorageSerializer silos) =>
        storage.Compress ? new CompressedGrainStorageSerializer(silos) : silos;
}
