using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Personalization.Customers;
using Personalization.Persistence;

namespace Personalization.Grains.Tests;

/// <summary>
/// Directory shards keep a count and a bounded uniform sample. The tests use keys outside the engine's 16 shards, so
/// the customers other tests store do not mix in.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CustomerDirectoryTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_shard_counts_every_customer_but_keeps_a_bounded_sample_of_registered_ids()
    {
        var shard = fixture.Grains.GetGrain<ICustomerDirectoryGrain>(9_001);
        var ids = Enumerable.Range(0, 3_000).Select(i => $"dir-a-{i}").ToArray();
        await Task.WhenAll(ids.Select(shard.RegisterAsync));

        var sample = await shard.SampleAsync(5_000);

        Assert.Equal(3_000, await shard.CountAsync());
        Assert.Equal(1_024, sample.Length);
        Assert.Equal(sample.Length, sample.Distinct().Count());
        Assert.Subset(ids.ToHashSet(), sample.ToHashSet());
        Assert.Equal(10, (await shard.SampleAsync(10)).Length);
    }

    [Fact]
    public async Task An_erased_customer_leaves_the_count_and_the_sample()
    {
        var shard = fixture.Grains.GetGrain<ICustomerDirectoryGrain>(9_002);
        foreach (var id in new[] { "dir-b-1", "dir-b-2", "dir-b-3" })
        {
            await shard.RegisterAsync(id);
        }

        await shard.UnregisterAsync("dir-b-2");

        Assert.Equal(2, await shard.CountAsync());
        Assert.Equal(["dir-b-1", "dir-b-3"], (await shard.SampleAsync(10)).Order());
    }

    [Fact]
    public async Task The_sample_is_uniform_over_registration_order()
    {
        var shard = fixture.Grains.GetGrain<ICustomerDirectoryGrain>(9_003);
        for (var i = 0; i < 10_000; i++)
        {
            await shard.RegisterAsync($"dir-c-{i}");
        }

        var sample = await shard.SampleAsync(1_024);
        var early = sample.Count(id => int.Parse(id["dir-c-".Length..]) < 5_000) / (double)sample.Length;

        // Keeping the first ids seen would give 1.0; a uniform sample of 1,024 is 0.5 within 0.1 (over six standard deviations).
        Assert.InRange(early, 0.4, 0.6);
    }

    [Fact]
    public async Task A_shard_stored_by_the_first_schema_with_every_id_loads_as_a_count_and_a_sample()
    {
        var shard = fixture.Grains.GetGrain<ICustomerDirectoryGrain>(9_004);
        var ids = Enumerable.Range(0, 1_500).Select(i => $"dir-d-{i}").ToArray();
        var schemaOne = JsonSerializer.Serialize(new { CustomerIds = ids });
        await Storage.WriteStateAsync("customer-directory", shard.GetGrainId(), new GrainState<JsonElement>(JsonDocument.Parse(schemaOne).RootElement));

        Assert.Equal(1_500, await shard.CountAsync());
        Assert.Subset(ids.ToHashSet(), (await shard.SampleAsync(2_000)).ToHashSet());
        await shard.RegisterAsync("dir-d-new");

        var stored = new GrainState<JsonElement>();
        await Storage.ReadStateAsync("customer-directory", shard.GetGrainId(), stored);
        Assert.Equal(1_501, stored.State.GetProperty("Count").GetInt32());
        Assert.False(stored.State.TryGetProperty("CustomerIds", out var ids1) && ids1.ValueKind != JsonValueKind.Null, "the full id list is no longer stored");
        Assert.Equal(1_024, stored.State.GetProperty("Sample").GetArrayLength());
    }

    private IGrainStorage Storage => ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services
        .GetRequiredKeyedService<IGrainStorage>(StorageNames.Membership);
}
