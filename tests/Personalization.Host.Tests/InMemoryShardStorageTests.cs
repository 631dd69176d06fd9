using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Personalization.Membership;
using Personalization.Persistence;

namespace Personalization.Host.Tests;

public sealed class InMemoryShardStorageTests(InMemoryShardStorageTests.ShortStatsIntervalHostFactory host)
    : IClassFixture<InMemoryShardStorageTests.ShortStatsIntervalHostFactory>
{
    /// <summary>In-memory storage, with a stats write interval short enough that a periodic write would show within a second.</summary>
    public sealed class ShortStatsIntervalHostFactory() : HostFactory(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), loadExamples: false)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Storage:Provider", "Memory");
            builder.UseSetting("Storage:Stats:WriteInterval", "00:00:00.100");
        }
    }

    [Fact]
    public async Task With_in_memory_storage_a_segment_shard_writes_its_members_when_its_activation_ends_not_every_interval()
    {
        var client = host.CreateClient();
        var (defined, _) = await client.SendJsonAsync(HttpMethod.Put, "/v1/segments/ms-stats", JsonSerializer.Serialize(new { name = "ms-stats", rule = "count(ms_stats) >= 1" }));
        Assert.True(defined.IsSuccessStatusCode);
        var (tracked, _) = await client.PostJsonAsync("/v1/events", new { customerId = "ms-stats-1", type = "ms_stats" });
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        Assert.Equal(1, await EventuallySizeAsync(client, "ms-stats", 1));

        // Ten write intervals pass with the member in the shard's memory.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var shard = grains.GetGrain<ISegmentMembershipShardGrain>(SegmentMembershipStreams.Key("ms-stats", SegmentMembershipStreams.ShardOf("ms-stats-1"))).GetGrainId();
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Membership);
        Assert.False((await ReadShardRowAsync(storage, shard)).RecordExists);

        var management = grains.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        GrainState<JsonElement> row;
        while (!(row = await ReadShardRowAsync(storage, shard)).RecordExists && DateTime.UtcNow < deadline)
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
        }

        Assert.True(row.RecordExists);
        var page = new GrainState<JsonElement>();
        await storage.ReadStateAsync($"segment-members-{row.State.GetProperty("Pages")[0].GetInt32()}", shard, page);
        Assert.Contains("ms-stats-1", page.State.GetRawText());
        Assert.Equal(1, await EventuallySizeAsync(client, "ms-stats", 1));
    }

    private static async Task<GrainState<JsonElement>> ReadShardRowAsync(IGrainStorage storage, GrainId shard)
    {
        var row = new GrainState<JsonElement>();
        await storage.ReadStateAsync("segment-shard", shard, row);
        return row;
    }

    private static async Task<int> EventuallySizeAsync(HttpClient client, string segmentId, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        int size;
        while ((size = (await client.GetNodeAsync($"/v1/segments/{segmentId}/stats"))["size"]!.GetValue<int>()) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return size;
    }
}
