using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Personalization.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Personalization.Cluster.Tests;

/// <summary>
/// Hosts with <c>Storage:Provider=Redis</c>: two silos take events and make campaign offers, both are stopped, and a new
/// host over the same Redis finds every customer, the campaign and the offers as they were. The campaign splits its
/// audience 1:3 between two variants; after the restart, erased customers are exposed again by the new process, with
/// nothing stored about them, and must get the variants the first two silos gave them.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RedisStorageTests(ClusterServers servers, ITestOutputHelper output)
{
    private const int CustomerCount = 200;
    private const string CampaignId = "split-test";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Customers_and_campaigns_on_Redis_storage_survive_a_restart_and_a_new_process_assigns_every_customer_the_same_variant()
    {
        string[] storage =
        [
            "Storage:Provider=Redis",
            $"Storage:ConnectionString={servers.Redis.ConnectionString}",
            $"Orleans:ServiceId=redis-{Guid.NewGuid():N}",
        ];
        var variants = new Dictionary<string, string>();

        await using (var first = new TestCluster(output))
        {
            var hosts = await first.StartAsync(servers, ["redis-a", "redis-b"], storage);
            await first.ExplainingFailureAsync(async () =>
            {
                await PutSplitCampaignAsync(hosts[0]);
                foreach (var host in hosts)
                {
                    // Each silo picks the campaign up on its next catalog poll.
                    Assert.True(await CampaignApi.EventuallyAsync(async () =>
                    {
                        await TrackAsync(host, $"probe-{host.Name}");
                        return await VariantAsync(host, $"probe-{host.Name}") is not null;
                    }), $"{host.Name} made no offer");
                }

                // Through both hosts, so the customers' grains live on both silos (placement prefers the silo a call comes in on).
                await Parallel.ForAsync(0, CustomerCount, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (customer, token) =>
                    await TrackAsync(hosts[customer % hosts.Length], CustomerId(customer)));
                for (var customer = 0; customer < CustomerCount; customer++)
                {
                    var host = hosts[customer % hosts.Length];
                    string? variant = null;
                    Assert.True(await CampaignApi.EventuallyAsync(async () => (variant = await VariantAsync(host, CustomerId(customer))) is not null), $"no offer for {CustomerId(customer)}");
                    variants[CustomerId(customer)] = variant!;
                }

                foreach (var host in hosts)
                {
                    var held = (await PrometheusText.ScrapeAsync(host.Http)).Total("personalization_customers_active");
                    Assert.True(held > 0, $"{host.Name} held no customers, so the variants were all assigned on one silo");
                }

                foreach (var host in hosts)
                {
                    Assert.Equal(0, await host.Process.StopAsync(StopTimeout));
                }
            });
        }

        // 200 customers split 1:3: the weight-1 variant's count is binomial (n 200, p 1/4, sd 6.1); 4 sd either side.
        var ones = variants.Values.Count(v => v == "one");
        output.WriteLine($"{ones} of {CustomerCount} customers got the weight-1 variant");
        Assert.InRange(ones, 50 - 25, 50 + 25);

        await using var second = new TestCluster(output);
        var restarted = (await second.StartAsync(servers, ["redis-c"], storage))[0];
        await second.ExplainingFailureAsync(async () =>
        {
            Assert.True((await restarted.Http.GetAsync($"/v1/campaigns/{CampaignId}")).IsSuccessStatusCode, "the campaign is gone after the restart");
            for (var customer = 0; customer < CustomerCount; customer++)
            {
                var id = CustomerId(customer);
                var snapshot = (await restarted.Http.GetFromJsonAsync<JsonNode>($"/v1/customers/{id}"))!;
                Assert.Equal(1, snapshot["counters"]?["split_view"]?["count"]?.GetValue<long>());
                Assert.Equal(variants[id], await VariantAsync(restarted, id));
            }

            // Erased customers have no stored exposure; the new process assigns their variant afresh.
            var erased = Enumerable.Range(0, CustomerCount / 2).Select(CustomerId).ToArray();
            foreach (var id in erased)
            {
                using var response = await restarted.Http.DeleteAsync($"/v1/customers/{id}");
                Assert.True(response.IsSuccessStatusCode, $"DELETE {id}: HTTP {(int)response.StatusCode}");
                Assert.Null(await VariantAsync(restarted, id));
                await TrackAsync(restarted, id);
            }

            foreach (var id in erased)
            {
                string? variant = null;
                Assert.True(await CampaignApi.EventuallyAsync(async () => (variant = await VariantAsync(restarted, id)) is not null), $"no offer for {id} after its erasure");
                Assert.Equal(variants[id], variant);
            }
        });
    }

    private static async Task PutSplitCampaignAsync(ClusterHost host)
    {
        var campaign = new
        {
            trigger = new { onEvent = "split_view" },
            offer = new { title = "Split" },
            scope = "ttl",
            ttl = "1d",
            variants = new object[] { new { id = "one", weight = 1 }, new { id = "three", weight = 3 } },
        };
        using var response = await host.Http.PutAsJsonAsync($"/v1/campaigns/{CampaignId}", campaign);
        Assert.True(response.IsSuccessStatusCode, $"PUT /v1/campaigns/{CampaignId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task TrackAsync(ClusterHost host, string customerId)
    {
        using var response = await host.Http.PostAsJsonAsync("/v1/events", new { customerId, type = "split_view" });
        Assert.True(response.IsSuccessStatusCode, $"{host.Name} refused an event for {customerId}: HTTP {(int)response.StatusCode}");
    }

    /// <summary>The variant of the customer's pending offer of the campaign, or null while it has none.</summary>
    private static async Task<string?> VariantAsync(ClusterHost host, string customerId)
    {
        var offers = (await host.Http.GetFromJsonAsync<JsonNode>($"/v1/customers/{customerId}/offers"))!["offers"]!.AsArray();
        return offers.FirstOrDefault(o => o!["campaignId"]!.GetValue<string>() == CampaignId)?["variant"]!.GetValue<string>();
    }

    private static string CustomerId(int customer) => $"split-{customer:D3}";
}
