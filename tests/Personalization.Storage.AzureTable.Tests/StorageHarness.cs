using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Personalization.Testing;

namespace Personalization.Storage.AzureTable.Tests;

/// <summary>
/// The provider as a silo would have it: registered with AddAzureTableGrainStorage, validated by the registered
/// configuration validators and started through a real silo lifecycle, with Orleans' binary serializer.
/// </summary>
internal sealed class StorageHarness : IAsyncDisposable
{
    public const string StorageName = "azure";
    public const string ServiceId = "personalization-tests";

    private readonly SiloLifecycleSubject lifecycle;

    private StorageHarness(ServiceProvider services, SiloLifecycleSubject lifecycle)
    {
        Services = services;
        this.lifecycle = lifecycle;
    }

    public ServiceProvider Services { get; }

    public IGrainStorage Storage => Services.GetRequiredKeyedService<IGrainStorage>(StorageName);

    public static string NewTableName() => $"t{Guid.NewGuid():N}";

    public static TableClient Table(AzuriteFixture azurite, string tableName) => new TableServiceClient(azurite.ConnectionString).GetTableClient(tableName);

    public static ServiceProvider BuildServices(
        AzuriteFixture azurite,
        string tableName,
        Action<AzureTableStorageOptions>? configure = null,
        string serviceId = ServiceId)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSerializer();
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        services.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = "tests";
            options.ServiceId = serviceId;
        });
        services.AddAzureTableGrainStorage(StorageName, options =>
        {
            options.ConfigureTableServiceClient(azurite.ConnectionString);
            options.TableName = tableName;
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }

    public static Task<StorageHarness> StartAsync(
        AzuriteFixture azurite,
        string tableName,
        Action<AzureTableStorageOptions>? configure = null,
        string serviceId = ServiceId) =>
        StartAsync(BuildServices(azurite, tableName, configure, serviceId));

    public static async Task<StorageHarness> StartAsync(ServiceProvider services)
    {
        foreach (var validator in services.GetServices<IConfigurationValidator>())
        {
            validator.ValidateConfiguration();
        }

        var lifecycle = new SiloLifecycleSubject(NullLogger<SiloLifecycleSubject>.Instance);
        foreach (var participant in services.GetServices<ILifecycleParticipant<ISiloLifecycle>>())
        {
            participant.Participate(lifecycle);
        }

        await lifecycle.OnStart();
        return new StorageHarness(services, lifecycle);
    }

    public async Task<GrainState<T>> ReadAsync<T>(string stateName, GrainId grainId)
    {
        var state = new GrainState<T>();
        await Storage.ReadStateAsync(stateName, grainId, state);
        return state;
    }

    public async ValueTask DisposeAsync()
    {
        await lifecycle.OnStop();
        await Services.DisposeAsync();
    }
}
