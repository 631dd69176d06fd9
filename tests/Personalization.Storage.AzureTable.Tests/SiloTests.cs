using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using Personalization.Testing;

namespace Personalization.Storage.AzureTable.Tests;

public interface IProfileGrain : IGrainWithStringKey
{
    Task Rename(string name);

    Task<string> GetName();

    Task Erase();

    Task Deactivate();
}

public sealed class ProfileGrain([PersistentState("profile", SiloTests.StorageName)] IPersistentState<ProfileState> profile) : Grain, IProfileGrain
{
    public Task Rename(string name)
    {
        profile.State.Name = name;
        return profile.WriteStateAsync();
    }

    public Task<string> GetName() => Task.FromResult(profile.State.Name);

    public Task Erase() => profile.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

/// <summary>A one-silo in-process cluster whose grain storage the derived test configures, started and stopped around its tests.</summary>
public abstract class SiloOnAzurite : IAsyncLifetime
{
    private InProcessTestCluster? cluster;

    protected InProcessTestCluster Cluster => cluster ?? throw new InvalidOperationException("The cluster has not started.");

    protected abstract void Configure(InProcessTestClusterBuilder builder);

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        Configure(builder);
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}

/// <summary>The provider inside a real silo, registered the way the host registers it, with the silo's default serializer.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SiloTests(AzuriteFixture azurite) : SiloOnAzurite
{
    public const string StorageName = "profiles";

    private readonly string table = StorageHarness.NewTableName();

    protected override void Configure(InProcessTestClusterBuilder builder) =>
        builder.ConfigureSilo((_, silo) => silo.AddAzureTableGrainStorage(StorageName, options =>
        {
            options.ConfigureTableServiceClient(azurite.ConnectionString);
            options.TableName = table;
        }));

    [Fact]
    public async Task A_grain_persists_through_the_provider_survives_deactivation_and_is_erased_on_clear()
    {
        var grain = Cluster.Client.GetGrain<IProfileGrain>("ada");
        var tableClient = new TableServiceClient(azurite.ConnectionString).GetTableClient(table);

        await grain.Rename("Ada");

        var row = Assert.Single(tableClient.Query<TableEntity>().ToList());
        Assert.Equal($"{Cluster.Options.ServiceId}_profile_ada", row.PartitionKey);
        Assert.Equal("profile", row.RowKey);
        // Nothing configured a serializer, so the silo's default, JSON, wrote the row.
        using (var json = JsonDocument.Parse(row.GetBinary("Data")))
        {
            Assert.Equal("Ada", json.RootElement.GetProperty("Name").GetString());
        }

        await grain.Deactivate();
        await Cluster.WaitForDeactivationAsync(grain);
        Assert.Equal("Ada", await grain.GetName());

        await grain.Erase();

        Assert.Empty(tableClient.Query<TableEntity>().ToList());
        Assert.Equal("", await grain.GetName());
    }
}

/// <summary>
/// The provider chosen and configured by configuration alone, with the keys the official package reads, so that
/// replacing this project by that package needs no change to the host.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConfiguredSiloTests(AzuriteFixture azurite) : SiloOnAzurite
{
    private readonly string table = StorageHarness.NewTableName();

    protected override void Configure(InProcessTestClusterBuilder builder) =>
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"Orleans:GrainStorage:{SiloTests.StorageName}:ProviderType"] = "AzureTableStorage",
            [$"Orleans:GrainStorage:{SiloTests.StorageName}:ConnectionName"] = "tables",
            [$"Orleans:GrainStorage:{SiloTests.StorageName}:TableName"] = table,
            [$"Orleans:GrainStorage:{SiloTests.StorageName}:DeleteStateOnClear"] = "false",
            ["ConnectionStrings:tables"] = azurite.ConnectionString,
        }));

    [Fact]
    public async Task A_grain_storage_section_with_provider_type_AzureTableStorage_registers_this_provider()
    {
        var grain = Cluster.Client.GetGrain<IProfileGrain>("grace");
        var tableClient = new TableServiceClient(azurite.ConnectionString).GetTableClient(table);

        await grain.Rename("Grace");
        Assert.True(Assert.Single(tableClient.Query<TableEntity>().ToList()).ContainsKey("Data"));

        await grain.Erase();

        var cleared = Assert.Single(tableClient.Query<TableEntity>().ToList());
        Assert.False(cleared.ContainsKey("Data"));
    }
}
