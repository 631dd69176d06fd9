using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Personalization.Host.Hosting;
using Personalization.Persistence;

namespace Personalization.Host.Tests.Storage;

/// <summary>
/// The engine's customer grain storage as the host registers it (<see cref="StorageHosting.AddPersonalizationStorage"/>:
/// Orleans' Azure Table provider with the engine's compressed JSON serializer), on an Azurite table, its options
/// validated and its lifecycle started the way a silo's are, without the rest of a silo.
/// </summary>
internal sealed class EngineStorageHarness : IAsyncDisposable
{
    public const string ServiceId = "personalization-tests";

    private readonly SiloLifecycleSubject lifecycle;

    private EngineStorageHarness(ServiceProvider services, SiloLifecycleSubject lifecycle)
    {
        Services = services;
        this.lifecycle = lifecycle;
    }

    public ServiceProvider Services { get; }

    public IGrainStorage Storage => Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Customers);

    public IGrainStorage MembershipStorage => Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Membership);

    public IGrainStorageSerializer Serializer => Services.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>().Get(StorageNames.Customers).GrainStorageSerializer;

    public static string NewTableName() => $"t{Guid.NewGuid():N}";

    public static TableClient Table(AzuriteFixture azurite, string tableName) => new TableServiceClient(azurite.ConnectionString).GetTableClient(tableName);

    /// <summary>The row of <paramref name="grainId"/>'s state as the official provider keys it: "{ServiceId}_{type}_{key}".</summary>
    public static string PartitionKey(GrainId grainId) => $"{ServiceId}_{grainId.Type}_{grainId.Key}";

    public static async Task<EngineStorageHarness> StartAsync(AzuriteFixture azurite, string tableName, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            [
                .. EngineStorageSettings.OnAzurite(azurite, tableName).Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)),
                .. settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)),
            ]).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSerializer();
        services.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = "tests";
            options.ServiceId = configuration["Orleans:ServiceId"] ?? ServiceId;
        });
        services.AddSingleton<IConfiguration>(configuration);
        var silo = new ServicesOnlySiloBuilder(services, configuration);
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.AddPersonalizationStorage();
        var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        foreach (var validator in provider.GetServices<IConfigurationValidator>())
        {
            validator.ValidateConfiguration();
        }

        var lifecycle = new SiloLifecycleSubject(NullLogger<SiloLifecycleSubject>.Instance);
        foreach (var participant in provider.GetServices<ILifecycleParticipant<ISiloLifecycle>>())
        {
            participant.Participate(lifecycle);
        }

        await lifecycle.OnStart();
        return new EngineStorageHarness(provider, lifecycle);
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

    private sealed class ServicesOnlySiloBuilder(IServiceCollection services, IConfiguration configuration) : ISiloBuilder
    {
        public IServiceCollection Services { get; } = services;

        public IConfiguration Configuration { get; } = configuration;
    }
}

public sealed class ProfileState
{
    public string Name { get; set; } = "";

    public List<string> Segments { get; set; } = [];

    public byte[] Payload { get; set; } = [];
}

internal static class GrainStateExtensions
{
    /// <summary>The state, asserted present: storage hands a new instance rather than null even when nothing is stored.</summary>
    public static ProfileState Profile(this IGrainState<ProfileState> grainState)
    {
        Assert.NotNull(grainState.State);
        return grainState.State;
    }
}

/// <summary>One Azurite process serves every storage test class; each test isolates itself with a table of its own.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
