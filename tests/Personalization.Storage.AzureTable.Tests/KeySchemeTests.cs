using Azure.Data.Tables;
using Personalization.Testing;

namespace Personalization.Storage.AzureTable.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class KeySchemeTests(AzuriteFixture azurite)
{
    private const string StateName = "profile";

    [Fact]
    public async Task Rows_are_keyed_like_the_official_provider_service_id_and_grain_id_then_state_name()
    {
        var table = StorageHarness.NewTableName();
        await using var harness = await StorageHarness.StartAsync(azurite, table);

        await harness.Storage.WriteStateAsync(StateName, GrainId.Create("customer", "alice"), new GrainState<ProfileState>(new ProfileState()));

        var row = Assert.Single(StorageHarness.Table(azurite, table).Query<TableEntity>().ToList());
        Assert.Equal("personalization-tests_customer_alice", row.PartitionKey);
        Assert.Equal("profile", row.RowKey);
    }

    [Fact]
    public async Task Characters_azure_forbids_in_keys_are_percent_escaped()
    {
        var table = StorageHarness.NewTableName();
        await using var harness = await StorageHarness.StartAsync(azurite, table);
        var grainId = GrainId.Create("customer", "a/b\\c#d?e%f\tg");

        await harness.Storage.WriteStateAsync("state/v2", grainId, new GrainState<ProfileState>(new ProfileState { Name = "odd" }));

        var row = Assert.Single(StorageHarness.Table(azurite, table).Query<TableEntity>().ToList());
        Assert.Equal("personalization-tests_customer_a%2Fb%5Cc%23d%3Fe%25f%09g", row.PartitionKey);
        Assert.Equal("state%2Fv2", row.RowKey);
        Assert.Equal("odd", (await harness.ReadAsync<ProfileState>("state/v2", grainId)).Profile().Name);
    }

    [Fact]
    public async Task Ids_that_differ_only_in_a_forbidden_character_or_underscore_keep_separate_rows()
    {
        await using var harness = await StorageHarness.StartAsync(azurite, StorageHarness.NewTableName());
        string[] keys = ["a/b", "a_b", "a#b", "a?b", "a%2Fb"];

        foreach (var key in keys)
        {
            await harness.Storage.WriteStateAsync(StateName, GrainId.Create("customer", key), new GrainState<ProfileState>(new ProfileState { Name = key }));
        }

        foreach (var key in keys)
        {
            Assert.Equal(key, (await harness.ReadAsync<ProfileState>(StateName, GrainId.Create("customer", key))).Profile().Name);
        }
    }

    [Fact]
    public async Task Services_sharing_a_table_do_not_see_each_others_state()
    {
        var table = StorageHarness.NewTableName();
        var alice = GrainId.Create("customer", "alice");
        await using var shop = await StorageHarness.StartAsync(azurite, table, serviceId: "shop");
        await using var outlet = await StorageHarness.StartAsync(azurite, table, serviceId: "outlet");

        await shop.Storage.WriteStateAsync(StateName, alice, new GrainState<ProfileState>(new ProfileState { Name = "shop's Alice" }));

        Assert.False((await outlet.ReadAsync<ProfileState>(StateName, alice)).RecordExists);
        await outlet.Storage.WriteStateAsync(StateName, alice, new GrainState<ProfileState>(new ProfileState { Name = "outlet's Alice" }));
        Assert.Equal("shop's Alice", (await shop.ReadAsync<ProfileState>(StateName, alice)).Profile().Name);
        Assert.Equal("outlet's Alice", (await outlet.ReadAsync<ProfileState>(StateName, alice)).Profile().Name);
    }

    [Fact]
    public async Task A_key_azure_would_refuse_for_its_length_fails_before_any_request()
    {
        var table = StorageHarness.NewTableName();
        await using var harness = await StorageHarness.StartAsync(azurite, table);
        var grainId = GrainId.Create("customer", new string('x', 1100));

        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            harness.Storage.WriteStateAsync(StateName, grainId, new GrainState<ProfileState>(new ProfileState())));

        Assert.Contains("at most 1023", refused.Message);
        Assert.Empty(StorageHarness.Table(azurite, table).Query<TableEntity>().ToList());
    }
}
