using Azure.Data.Tables;
using Orleans.Storage;

namespace Personalization.Host.Tests.Storage;

/// <summary>
/// What Orleans' Azure Table provider does with state beyond Azure's 64 KiB property limit: it splits the serialized
/// bytes over binary properties Data, Data1 ... Data14 of one entity, so the most a state may take is 15 × 64 KiB
/// (983,040 bytes, within the 1 MiB entity with keys and timestamp); anything larger is refused before a request.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LargeStateTests(AzuriteFixture azurite)
{
    private const string StateName = "profile";
    private const int PropertyLimit = 64 * 1024;
    private const int LargestState = 15 * PropertyLimit;
    private static readonly GrainId Alice = GrainId.Create("customer", "alice");
    private static readonly string PartitionKey = EngineStorageHarness.PartitionKey(Alice);

    [Fact]
    public async Task A_state_over_64_KiB_is_split_over_binary_properties_and_read_back_whole()
    {
        var table = EngineStorageHarness.NewTableName();
        var payload = RandomBytes(300 * 1024);
        int stored;
        await using (var writer = await EngineStorageHarness.StartAsync(azurite, table))
        {
            var state = new ProfileState { Name = "Alice", Payload = payload };
            stored = writer.Serializer.Serialize(state).ToMemory().Length;
            await writer.Storage.WriteStateAsync(StateName, Alice, new GrainState<ProfileState>(state));
        }

        var entity = (await EngineStorageHarness.Table(azurite, table).GetEntityAsync<TableEntity>(PartitionKey, StateName)).Value;
        var chunks = (stored + PropertyLimit - 1) / PropertyLimit;
        Assert.True(chunks > 4, $"the state takes {stored} bytes stored, {chunks} properties");
        Assert.Equal(["Data", .. Enumerable.Range(1, chunks - 1).Select(i => $"Data{i}")], DataProperties(entity));
        Assert.All(DataProperties(entity)[..^1], name => Assert.Equal(PropertyLimit, entity.GetBinary(name).Length));

        await using var reader = await EngineStorageHarness.StartAsync(azurite, table);
        var read = await reader.ReadAsync<ProfileState>(StateName, Alice);
        Assert.True(read.RecordExists);
        Assert.Equal("Alice", read.Profile().Name);
        Assert.Equal(payload, read.Profile().Payload);
    }

    [Fact]
    public async Task A_smaller_state_written_over_a_large_one_leaves_no_chunk_of_it_behind()
    {
        var table = EngineStorageHarness.NewTableName();
        await using var harness = await EngineStorageHarness.StartAsync(azurite, table);
        var state = new GrainState<ProfileState>(new ProfileState { Payload = RandomBytes(300 * 1024) });
        await harness.Storage.WriteStateAsync(StateName, Alice, state);

        state.State = new ProfileState { Name = "small", Payload = [1, 2, 3] };
        await harness.Storage.WriteStateAsync(StateName, Alice, state);

        var entity = (await EngineStorageHarness.Table(azurite, table).GetEntityAsync<TableEntity>(PartitionKey, StateName)).Value;
        Assert.Equal(["Data"], DataProperties(entity));
        var read = await harness.ReadAsync<ProfileState>(StateName, Alice);
        Assert.Equal("small", read.Profile().Name);
        Assert.Equal([1, 2, 3], read.Profile().Payload);
    }

    [Fact]
    public async Task The_largest_state_fills_fifteen_properties_in_one_entity_and_one_byte_more_is_refused()
    {
        var table = EngineStorageHarness.NewTableName();
        // Uncompressed, a state's stored size follows its content byte for byte, so it can be made exactly the limit.
        await using var harness = await EngineStorageHarness.StartAsync(azurite, table, ("Storage:Compress", "false"));
        var largest = StateSerializingTo(LargestState, harness.Serializer);
        var state = new GrainState<ProfileState>(largest);

        await harness.Storage.WriteStateAsync(StateName, Alice, state);

        var entity = (await EngineStorageHarness.Table(azurite, table).GetEntityAsync<TableEntity>(PartitionKey, StateName)).Value;
        Assert.Equal(15, DataProperties(entity).Count);
        Assert.Equal(largest.Payload, (await harness.ReadAsync<ProfileState>(StateName, Alice)).Profile().Payload);

        var eTag = state.ETag;
        state.State = StateSerializingTo(LargestState + 1, harness.Serializer);
        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.Storage.WriteStateAsync(StateName, Alice, state));
        Assert.Contains($"Size={LargestState + 1}", refused.Message);
        Assert.Contains($"MaxSize={LargestState}", refused.Message);
        Assert.Equal(eTag, state.ETag);
        Assert.Equal(largest.Payload, (await harness.ReadAsync<ProfileState>(StateName, Alice)).Profile().Payload);
    }

    [Fact]
    public async Task A_state_over_the_limit_is_refused_with_its_size_and_nothing_is_written()
    {
        var table = EngineStorageHarness.NewTableName();
        await using var harness = await EngineStorageHarness.StartAsync(azurite, table);
        var state = new GrainState<ProfileState>(new ProfileState { Payload = RandomBytes(1024 * 1024 + 1) });

        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.Storage.WriteStateAsync(StateName, Alice, state));

        Assert.Contains("Data too large to write to Azure table", refused.Message);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.False((await EngineStorageHarness.Table(azurite, table).GetEntityIfExistsAsync<TableEntity>(PartitionKey, StateName)).HasValue);
    }

    private static List<string> DataProperties(TableEntity entity) =>
        entity.Keys.Where(key => key.StartsWith("Data", StringComparison.Ordinal)).OrderBy(key => key.Length).ThenBy(key => key, StringComparer.Ordinal).ToList();

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A state whose serialized form is exactly <paramref name="size"/> bytes: a payload comes close, the name's length makes it exact.</summary>
    private static ProfileState StateSerializingTo(int size, IGrainStorageSerializer serializer)
    {
        var state = new ProfileState { Payload = RandomBytes(size / 2) };
        var serialized = serializer.Serialize(state).ToMemory().Length;
        if (serialized > size)
        {
            throw new InvalidOperationException($"A payload of {state.Payload.Length} bytes alone serializes to {serialized}, more than {size}.");
        }

        state.Name = new string('x', size - serialized);
        serialized = serializer.Serialize(state).ToMemory().Length;
        return serialized == size ? state : throw new InvalidOperationException($"The state serializes to {serialized} bytes, not {size}.");
    }
}
