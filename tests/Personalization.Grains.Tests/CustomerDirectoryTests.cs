using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Personalization.Customers;
using Personalization.Forecasts;
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
        var ids = Enumerable.Range(0, 8_000).Select(i => $"dir-a-{i}").ToArray();
        await Task.WhenAll(ids.Select(shard.RegisterAsync));

        var sample = await shard.SampleAsync(10_000);

        Assert.Equal(8_000, await shard.CountAsync());
        Assert.Equal(7 * 1_024, sample.Length);
        Assert.Equal(sample.Length, sample.Distinct().Count());
        Assert.Subset(ids.ToHashSet(), sample.ToHashSet());
        Assert.Equal(10, (await shard.SampleAsync(10)).Length);
    }

    [Fact]
    public void Sixteen_shards_hold_a_sample_of_the_purchase_models_default_hundred_thousand()
    {
        Assert.True(PurchaseModelFitting.LargestSample >= new PurchaseModelOptions().MaxSampleSize);
        Assert.Equal(ICustomerDirectoryGrain.ShardCount * 7 * 1_024, PurchaseModelFitting.LargestSample);
    }

    [Fact]
    public async Task The_sample_is_stored_in_pages_and_a_registration_rewrites_at_most_one_of_them()
    {
        var shard = fixture.Grains.GetGrain<ICustomerDirectoryGrain>(9_005);
        await Task.WhenAll(Enumerable.Range(0, 8_000).Select(i => shard.RegisterAsync($"dir-e-{i}")));

        var pages = await StoredPagesAsync(shard);
        Assert.All(pages, page => Assert.Equal(1_024, page.Length));
        Assert.Equal((await shard.SampleAsync(10_000)).Order(), pages.SelectMany(p => p).Order());

        // A full reservoir keeps a new id with probability 7,168 / registrations (about 0.9 here): register until one is kept.
        string[][] after = pages;
        for (var i = 0; i < 50 && after.SelectMany(p => p).SequenceEqual(pages.SelectMany(p => p)); i++)
        {
            await shard.RegisterAsync($"dir-e-new-{i}");
            after = await StoredPagesAsync(shard);
        }

        var changed = Enumerable.Range(0, pages.Length).Where(p => !pages[p].SequenceEqual(after[p])).ToArray();
        Assert.Single(changed);
        Assert.Single(after[changed[0]].Except(pages[changed[0]]));
    }

    [Fact]
    public async Task A_page_whose_write_failed_is_written_with_the_next_registration()
    {
        var shard = fixture.Grains.GetGrain<ICustomerDirectoryGrain>(9_007);
        await Task.WhenAll(Enumerable.Range(0, 1_024).Select(i => shard.RegisterAsync($"dir-g-{i}")));
        FailingWritesStorage.FailNextWrite(shard.GetGrainId(), "customer-directory-sample-1");

        var failure = await Assert.ThrowsAsync<OrleansException>(() => shard.RegisterAsync("dir-g-lost-write"));
        Assert.IsType<IOException>(failure.InnerException);
        await shard.RegisterAsync("dir-g-next");

        Assert.Equal(["dir-g-lost-write", "dir-g-next"], (await StoredPagesAsync(shard))[1]);
        Assert.Equal(1_026, await shard.CountAsync());
    }

    [Fact]
    public async Task A_shard_reads_every_stored_page_when_it_activates()
    {
        var shard = fixture.Grains.GetGrain<ICustomerDirectoryGrain>(9_006);
        var first = Enumerable.Range(0, 1_024).Select(i => $"dir-f-{i}").ToArray();
        var second = Enumerable.Range(1_024, 300).Select(i => $"dir-f-{i}").ToArray();
        await WriteAsync("customer-directory", shard, new { Count = 1_324, Registrations = 1_324L, Sample = first });
        await WriteAsync("customer-directory-sample-1", shard, new { Ids = second });

        Assert.Equal(1_324, await shard.CountAsync());
        Assert.Equal(first.Concat(second).Order(), (await shard.SampleAsync(2_000)).Order());
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
        foreach (var chunk in Enumerable.Range(0, 20_000).Chunk(100))
        {
            await Task.WhenAll(chunk.Select(i => shard.RegisterAsync($"dir-c-{i}")));
        }

        var sample = await shard.SampleAsync(10_000);
        var early = sample.Count(id => int.Parse(id["dir-c-".Length..]) < 10_000) / (double)sample.Length;

        // Keeping the first ids seen would give 1.0; a uniform sample of 7,168 of 20,000 is 0.5 within 0.05 (over eight
        // standard deviations).
        Assert.Equal(7 * 1_024, sample.Length);
        Assert.InRange(early, 0.45, 0.55);
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
        Assert.Equal(477, (await StoredPagesAsync(shard))[1].Length);
    }

    /// <summary>The stored sample, page by page: the shard's own state's first page, then its six other pages.</summary>
    private async Task<string[][]> StoredPagesAsync(ICustomerDirectoryGrain shard)
    {
        var pages = new List<string[]>();
        var own = new GrainState<JsonElement>();
        await Storage.ReadStateAsync("customer-directory", shard.GetGrainId(), own);
        pages.Add(Ids(own.State.GetProperty("Sample")));
        for (var page = 1; page < 7; page++)
        {
            var stored = new GrainState<JsonElement>();
            await Storage.ReadStateAsync($"customer-directory-sample-{page}", shard.GetGrainId(), stored);
            pages.Add(stored.RecordExists ? Ids(stored.State.GetProperty("Ids")) : []);
        }

        return [.. pages];

        static string[] Ids(JsonElement array) => array.EnumerateArray().Select(id => id.GetString()!).ToArray();
    }

    private Task WriteAsync(string stateName, ICustomerDirectoryGrain shard, object state) =>
        Storage.WriteStateAsync(stateName, shard.GetGrainId(), new GrainState<JsonElement>(JsonSerializer.SerializeToElement(state)));

    private IGrainStorage Storage => ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services
        .GetRequiredKeyedService<IGrainStorage>(StorageNames.Membership);
}
