using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Personalization.Testing;

namespace Personalization.Storage.AzureTable.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class LargeStateTests(AzuriteFixture azurite)
{
    private const string StateName = "profile";
    private const int PropertyLimit = 64 * 1024;
    private const int LargestState = 15 * PropertyLimit;
    private static readonly GrainId Alice = GrainId.Create("customer", "alice");
    private static readonly string PartitionKey = $"{StorageHarness.ServiceId}_customer_alice";

    [Fact]
    public async Task A_300_KiB_state_is_split_over_64_KiB_binary_properties_and_read_back_whole()
    {
        var table = StorageHarness.NewTableName();
        var payload = RandomBytes(300 * 1024);
        await using (var writer = await StorageHarness.StartAsync(azurite, table))
        {
            await writer.Storage.WriteStateAsync(StateName, Alice, new GrainState<ProfileState>(new ProfileState { Name = "Alice", Payload = payload }));
        }

        var entity = (await StorageHarness.Table(azurite, table).GetEntityAsync<TableEntity>(PartitionKey, StateName)).Value;
        Assert.Equal(["Data", "Data1", "Data2", "Data3", "Data4"], DataProperties(entity));
        Assert.All(["Data", "Data1", "Data2", "Data3"], name => Assert.Equal(PropertyLimit, entity.GetBinary(name).Length));
        Assert.InRange(entity.GetBinary("Data4").Length, 1, PropertyLimit);

        await using var reader = await StorageHarness.StartAsync(azurite, table);
        var read = await reader.ReadAsync<ProfileState>(StateName, Alice);
        Assert.True(read.RecordExists);
        Assert.Equal("Alice", read.Profile().Name);
        Assert.Equal(payload, read.Profile().Payload);
    }

    [Fact]
    public async Task A_smaller_state_written_over_a_large_one_leaves_no_chunk_of_it_behind()
    {
        var table = StorageHarness.NewTableName();
        await using var harness = await StorageHarness.StartAsync(azurite, table);
        var state = new GrainState<ProfileState>(new ProfileState { Payload = RandomBytes(300 * 1024) });
        await harness.Storage.WriteStateAsync(StateName, Alice, state);

        state.State = new ProfileState { Name = "small", Payload = [1, 2, 3] };
        await harness.Storage.WriteStateAsync(StateName, Alice, state);

        var entity = (await StorageHarness.Table(azurite, table).GetEntityAsync<TableEntity>(PartitionKey, StateName)).Value;
        Assert.Equal(["Data"], DataProperties(entity));
        var read = await harness.ReadAsync<ProfileState>(StateName, Alice);
        Assert.Equal("small", read.Profile().Name);
        Assert.Equal([1, 2, 3], read.Profile().Payload);
    }

    [Fact]
    public async Task The_largest_state_fills_fifteen_properties_in_one_entity_and_one_byte_more_is_refused()
    {
        var table = StorageHarness.NewTableName();
        await using var harness = await StorageHarness.StartAsync(azurite, table);
        var serializer = harness.Services.GetRequiredService<IGrainStorageSerializer>();
        var largest = StateSerializingTo(LargestState, serializer);
        var state = new GrainState<ProfileState>(largest);

        await harness.Storage.WriteStateAsync(StateName, Alice, state);

        var entity = (await StorageHarness.Table(azurite, table).GetEntityAsync<TableEntity>(PartitionKey, StateName)).Value;
        Assert.Equal(15, DataProperties(entity).Count);
        Assert.Equal(largest.Payload, (await harness.ReadAsync<ProfileState>(StateName, Alice)).Profile().Payload);

        var eTag = state.ETag;
        state.State = StateSerializingTo(LargestState + 1, serializer);
        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.Storage.WriteStateAsync(StateName, Alice, state));
        Assert.Contains($"{LargestState + 1} bytes", refused.Message);
        Assert.Contains($"at most {LargestState} bytes", refused.Message);
        Assert.Equal(eTag, state.ETag);
        Assert.Equal(largest.Payload, (await harness.ReadAsync<ProfileState>(StateName, Alice)).Profile().Payload);
    }

    [Fact]
    public async Task A_state_over_1_MiB_is_refused_with_its_size_and_nothing_is_written()
    {
        var table = StorageHarness.NewTableName();
        await using var harness = await StorageHarness.StartAsync(azurite, table);
        var state = new GrainState<ProfileState>(new ProfileState { Payload = RandomBytes(1024 * 1024 + 1) });

        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => harness.Storage.WriteStateAsync(StateName, Alice, state));

        Assert.Contains("State 'profile' of grain customer/alice serializes to", refused.Message);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.False((await StorageHarness.Table(azurite, table).GetEntityIfExistsAsync<TableEntity>(PartitionKey, StateName)).HasValue);
    }

    private static List<string> DataProperties(TableEntity entity) =>
        entity.Keys.Where(key => key.StartsWith("Data", StringComparison.Ordinal)).Order(StringComparer.Ordinal).OrderBy(key => key.Length).ToList();

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A state whose serialized form is exactly <paramref name="size"/> bytes, found by measuring the serializer's overhead.</summary>
    private static ProfileState StateSerializingTo(int size, IGrainStorageSerializer serializer)
    {
        var payloadLength = size;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var candidate = new ProfileState { Payload = RandomBytes(payloadLength) };
            var serialized = serializer.Serialize(candidate).ToMemory().Length;
            if (serialized == size)
            {
                return candidate;
            }

            payloadLength += size - serialized;
        }

        throw new InvalidOperationException($"No payload length makes the state serialize to exactly {size} bytes.");
    }
}
