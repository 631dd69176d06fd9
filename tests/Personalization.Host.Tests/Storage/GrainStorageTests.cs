using Azure.Data.Tables;
using Orleans.Storage;


namespace Personalization.Host.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class GrainStorageTests(AzuriteFixture azurite)
{
    private const string StateName = "profile";
    private static readonly GrainId Alice = GrainId.Create("customer", "alice");

    [Fact]
    public async Task State_written_by_one_provider_is_read_back_by_a_fresh_one()
    {
        var table = EngineStorageHarness.NewTableName();
        GrainState<ProfileState> written;
        await using (var writer = await EngineStorageHarness.StartAsync(azurite, table))
        {
            written = new GrainState<ProfileState>(new ProfileState { Name = "Alice", Segments = ["new-visitor", "mobile-shopper"] });
            await writer.Storage.WriteStateAsync(StateName, Alice, written);
        }

        await using var reader = await EngineStorageHarness.StartAsync(azurite, table);
        var read = await reader.ReadAsync<ProfileState>(StateName, Alice);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("Alice", read.Profile().Name);
        Assert.Equal(["new-visitor", "mobile-shopper"], read.Profile().Segments);
    }

    [Fact]
    public async Task Reading_a_grain_never_written_gives_a_new_state_and_no_record()
    {
        await using var harness = await EngineStorageHarness.StartAsync(azurite, EngineStorageHarness.NewTableName());

        var read = await harness.ReadAsync<ProfileState>(StateName, Alice);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal("", read.Profile().Name);
    }

    [Fact]
    public async Task Each_write_sets_record_exists_and_a_new_etag_that_the_next_write_must_carry()
    {
        var table = EngineStorageHarness.NewTableName();
        await using var harness = await EngineStorageHarness.StartAsync(azurite, table);
        var state = await harness.ReadAsync<ProfileState>(StateName, Alice);

        state.Profile().Name = "first";
        await harness.Storage.WriteStateAsync(StateName, Alice, state);
        var firstETag = state.ETag;
        state.Profile().Name = "second";
        await harness.Storage.WriteStateAsync(StateName, Alice, state);

        Assert.True(state.RecordExists);
        Assert.NotNull(firstETag);
        Assert.NotEqual(firstETag, state.ETag);
        var stored = await EngineStorageHarness.Table(azurite, table).GetEntityAsync<TableEntity>(
            $"{EngineStorageHarness.ServiceId}_customer_alice", StateName);
        Assert.Equal(state.ETag, stored.Value.ETag.ToString());
        Assert.Equal("second", (await harness.ReadAsync<ProfileState>(StateName, Alice)).Profile().Name);
    }

    [Fact]
    public async Task A_writer_with_a_stale_etag_gets_an_inconsistent_state_exception_and_the_other_write_stands()
    {
        var table = EngineStorageHarness.NewTableName();
        await using var first = await EngineStorageHarness.StartAsync(azurite, table);
        await using var second = await EngineStorageHarness.StartAsync(azurite, table);
        var seed = new GrainState<ProfileState>(new ProfileState { Name = "seed" });
        await first.Storage.WriteStateAsync(StateName, Alice, seed);
        var firstView = await first.ReadAsync<ProfileState>(StateName, Alice);
        var secondView = await second.ReadAsync<ProfileState>(StateName, Alice);

        firstView.Profile().Name = "first";
        await first.Storage.WriteStateAsync(StateName, Alice, firstView);
        var staleETag = secondView.ETag;
        secondView.Profile().Name = "second";
        var conflict = await Assert.ThrowsAnyAsync<InconsistentStateException>(() => second.Storage.WriteStateAsync(StateName, Alice, secondView));

        Assert.Equal(staleETag, conflict.CurrentEtag);
        Assert.Equal(staleETag, secondView.ETag);
        Assert.Equal("first", (await second.ReadAsync<ProfileState>(StateName, Alice)).Profile().Name);
    }

    [Fact]
    public async Task Inserting_when_another_writer_created_the_row_first_is_a_conflict()
    {
        var table = EngineStorageHarness.NewTableName();
        await using var first = await EngineStorageHarness.StartAsync(azurite, table);
        await using var second = await EngineStorageHarness.StartAsync(azurite, table);
        var firstView = await first.ReadAsync<ProfileState>(StateName, Alice);
        var secondView = await second.ReadAsync<ProfileState>(StateName, Alice);

        firstView.Profile().Name = "first";
        await first.Storage.WriteStateAsync(StateName, Alice, firstView);
        secondView.Profile().Name = "second";

        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => second.Storage.WriteStateAsync(StateName, Alice, secondView));
        Assert.Null(secondView.ETag);
        Assert.False(secondView.RecordExists);
        Assert.Equal("first", (await second.ReadAsync<ProfileState>(StateName, Alice)).Profile().Name);
    }

    [Fact]
    public async Task Writing_over_a_row_deleted_since_it_was_read_is_a_conflict()
    {
        var table = EngineStorageHarness.NewTableName();
        await using var eraser = await EngineStorageHarness.StartAsync(azurite, table);
        await using var writer = await EngineStorageHarness.StartAsync(azurite, table);
        await eraser.Storage.WriteStateAsync(StateName, Alice, new GrainState<ProfileState>(new ProfileState { Name = "Alice" }));
        var eraserView = await eraser.ReadAsync<ProfileState>(StateName, Alice);
        var writerView = await writer.ReadAsync<ProfileState>(StateName, Alice);

        await eraser.Storage.ClearStateAsync(StateName, Alice, eraserView);
        writerView.Profile().Name = "resurrected";

        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => writer.Storage.WriteStateAsync(StateName, Alice, writerView));
        Assert.False((await writer.ReadAsync<ProfileState>(StateName, Alice)).RecordExists);
    }

    [Fact]
    public async Task Grains_and_state_names_are_rows_of_their_own()
    {
        await using var harness = await EngineStorageHarness.StartAsync(azurite, EngineStorageHarness.NewTableName());
        var bob = GrainId.Create("customer", "bob");
        await harness.Storage.WriteStateAsync(StateName, Alice, new GrainState<ProfileState>(new ProfileState { Name = "Alice" }));
        await harness.Storage.WriteStateAsync(StateName, bob, new GrainState<ProfileState>(new ProfileState { Name = "Bob" }));
        await harness.Storage.WriteStateAsync("archive", Alice, new GrainState<ProfileState>(new ProfileState { Name = "Old Alice" }));

        Assert.Equal("Alice", (await harness.ReadAsync<ProfileState>(StateName, Alice)).Profile().Name);
        Assert.Equal("Bob", (await harness.ReadAsync<ProfileState>(StateName, bob)).Profile().Name);
        Assert.Equal("Old Alice", (await harness.ReadAsync<ProfileState>("archive", Alice)).Profile().Name);
    }

    [Fact]
    public async Task Services_sharing_a_table_do_not_see_each_others_state()
    {
        var table = EngineStorageHarness.NewTableName();
        await using var shop = await EngineStorageHarness.StartAsync(azurite, table, ("Orleans:ServiceId", "shop"));
        await using var outlet = await EngineStorageHarness.StartAsync(azurite, table, ("Orleans:ServiceId", "outlet"));

        await shop.Storage.WriteStateAsync(StateName, Alice, new GrainState<ProfileState>(new ProfileState { Name = "shop's Alice" }));

        Assert.False((await outlet.ReadAsync<ProfileState>(StateName, Alice)).RecordExists);
        await outlet.Storage.WriteStateAsync(StateName, Alice, new GrainState<ProfileState>(new ProfileState { Name = "outlet's Alice" }));
        Assert.Equal("shop's Alice", (await shop.ReadAsync<ProfileState>(StateName, Alice)).Profile().Name);
        Assert.Equal("outlet's Alice", (await outlet.ReadAsync<ProfileState>(StateName, Alice)).Profile().Name);
    }
}
