using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;
using Personalization.Testing;

namespace Personalization.Storage.AzureTable.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class RegistrationTests(AzuriteFixture azurite)
{
    private const string StateName = "profile";
    private static readonly GrainId Alice = GrainId.Create("customer", "alice");

    [Fact]
    public void AddAzureTableGrainStorage_registers_a_named_grain_storage_that_takes_part_in_the_silo_lifecycle()
    {
        using var services = StorageHarness.BuildServices(azurite, StorageHarness.NewTableName());

        var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageHarness.StorageName);

        Assert.IsType<AzureTableGrainStorage>(storage);
        Assert.Same(storage, services.GetRequiredKeyedService<IGrainStorage>(StorageHarness.StorageName));
        Assert.Contains(services.GetServices<ILifecycleParticipant<ISiloLifecycle>>(), participant => ReferenceEquals(participant, storage));
        Assert.Null(services.GetService<IGrainStorage>());
    }

    [Fact]
    public void AddAzureTableGrainStorageAsDefault_registers_the_default_grain_storage()
    {
        var services = BaseServices();
        services.AddAzureTableGrainStorageAsDefault(options => options.ConfigureTableServiceClient(azurite.ConnectionString));
        using var provider = services.BuildServiceProvider();

        var storage = provider.GetRequiredService<IGrainStorage>();

        Assert.IsType<AzureTableGrainStorage>(storage);
        Assert.Same(storage, provider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
    }

    [Fact]
    public void Options_default_to_the_official_table_name_and_stage_and_to_erasing_on_clear()
    {
        var options = new AzureTableStorageOptions();

        Assert.Equal("OrleansGrainState", options.TableName);
        Assert.Equal(ServiceLifecycleStage.ApplicationServices, options.InitStage);
        Assert.True(options.DeleteStateOnClear);
    }

    [Fact]
    public void The_serializer_defaults_to_the_one_registered_for_the_storage_else_the_silo_wide_one()
    {
        using var siloWide = StorageHarness.BuildServices(azurite, StorageHarness.NewTableName());
        Assert.Same(
            siloWide.GetRequiredService<IGrainStorageSerializer>(),
            Options(siloWide).GrainStorageSerializer);

        var services = BaseServices();
        services.AddKeyedSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>(StorageHarness.StorageName);
        services.AddAzureTableGrainStorage(StorageHarness.StorageName, options => options.ConfigureTableServiceClient(azurite.ConnectionString));
        using var named = services.BuildServiceProvider();
        Assert.Same(
            named.GetRequiredKeyedService<IGrainStorageSerializer>(StorageHarness.StorageName),
            Options(named).GrainStorageSerializer);
        Assert.NotSame(named.GetRequiredService<IGrainStorageSerializer>(), Options(named).GrainStorageSerializer);
    }

    [Fact]
    public async Task The_table_is_created_when_the_silo_starts_and_storage_is_refused_before()
    {
        var table = StorageHarness.NewTableName();
        var tableService = new TableServiceClient(azurite.ConnectionString);
        var services = StorageHarness.BuildServices(azurite, table);
        var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageHarness.StorageName);

        Assert.Empty(tableService.Query(item => item.Name == table).ToList());
        var early = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.ReadStateAsync(StateName, Alice, new GrainState<ProfileState>()));
        Assert.Contains("before the silo started it", early.Message);

        await using var harness = await StorageHarness.StartAsync(services);

        Assert.Single(tableService.Query(item => item.Name == table).ToList());
        await storage.WriteStateAsync(StateName, Alice, new GrainState<ProfileState>(new ProfileState { Name = "Alice" }));
    }

    [Fact]
    public async Task A_silo_starting_on_an_existing_table_attaches_to_it_and_keeps_its_rows()
    {
        var table = StorageHarness.NewTableName();
        await using (var first = await StorageHarness.StartAsync(azurite, table))
        {
            await first.Storage.WriteStateAsync(StateName, Alice, new GrainState<ProfileState>(new ProfileState { Name = "Alice" }));
        }

        await using var second = await StorageHarness.StartAsync(azurite, table);

        Assert.Equal("Alice", (await second.ReadAsync<ProfileState>(StateName, Alice)).Profile().Name);
    }

    [Fact]
    public async Task The_table_is_created_at_the_configured_lifecycle_stage()
    {
        const int initStage = ServiceLifecycleStage.RuntimeGrainServices;
        var table = StorageHarness.NewTableName();
        var tableService = new TableServiceClient(azurite.ConnectionString);
        var existedBefore = true;
        var existedAfter = false;
        await using var services = StorageHarness.BuildServices(azurite, table, options => options.InitStage = initStage);
        var lifecycle = new SiloLifecycleSubject(NullLogger<SiloLifecycleSubject>.Instance);
        services.GetRequiredService<ILifecycleParticipant<ISiloLifecycle>>().Participate(lifecycle);
        lifecycle.Subscribe("before", initStage - 1, _ =>
        {
            existedBefore = tableService.Query(item => item.Name == table).Any();
            return Task.CompletedTask;
        });
        lifecycle.Subscribe("after", initStage + 1, _ =>
        {
            existedAfter = tableService.Query(item => item.Name == table).Any();
            return Task.CompletedTask;
        });

        await lifecycle.OnStart();

        Assert.False(existedBefore);
        Assert.True(existedAfter);
    }

    [Fact]
    public void Validation_fails_start_up_when_no_table_service_client_is_configured()
    {
        var services = BaseServices();
        services.AddAzureTableGrainStorage(StorageHarness.StorageName, options => options.TableName = "Profiles");
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OrleansConfigurationException>(() => Validate(provider));

        Assert.Contains("ConfigureTableServiceClient", failure.Message);
        Assert.Contains($"'{StorageHarness.StorageName}'", failure.Message);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1profiles")]
    [InlineData("grain-state")]
    public void Validation_fails_start_up_on_a_table_name_azure_would_refuse(string tableName)
    {
        using var provider = StorageHarness.BuildServices(azurite, tableName);

        var failure = Assert.Throws<OrleansConfigurationException>(() => Validate(provider));

        Assert.Contains($"TableName '{tableName}'", failure.Message);
    }

    [Fact]
    public async Task A_table_service_client_given_directly_is_used()
    {
        var table = StorageHarness.NewTableName();
        var client = new TableServiceClient(azurite.ConnectionString);
        await using var harness = await StorageHarness.StartAsync(azurite, table, options => options.TableServiceClient = client);

        await harness.Storage.WriteStateAsync(StateName, Alice, new GrainState<ProfileState>(new ProfileState { Name = "Alice" }));

        Assert.Single(client.GetTableClient(table).Query<TableEntity>().ToList());
    }

    [Fact]
    public async Task A_service_uri_with_the_account_key_is_used()
    {
        var table = StorageHarness.NewTableName();
        await using var harness = await StorageHarness.StartAsync(azurite, table, options => options.ConfigureTableServiceClient(
            azurite.TableEndpoint,
            new TableSharedKeyCredential(AzuriteFixture.AccountName, AzuriteFixture.AccountKey)));

        await harness.Storage.WriteStateAsync(StateName, Alice, new GrainState<ProfileState>(new ProfileState { Name = "Alice" }));

        Assert.Single(StorageHarness.Table(azurite, table).Query<TableEntity>().ToList());
    }

    private static ServiceCollection BaseServices()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSerializer();
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        return services;
    }

    private static AzureTableStorageOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>().Get(StorageHarness.StorageName);

    private static void Validate(IServiceProvider services)
    {
        foreach (var validator in services.GetServices<IConfigurationValidator>())
        {
            validator.ValidateConfiguration();
        }
    }
}
