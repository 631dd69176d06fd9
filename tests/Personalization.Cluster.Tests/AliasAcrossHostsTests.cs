using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Personalization.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Personalization.Cluster.Tests;

/// <summary>
/// Two hosts of one cluster (Redis clustering, Azure Table state): an anonymous id identified through either host is
/// an alias on both, for lookups, the customer view and events, wherever its grain and the customer's were placed.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AliasAcrossHostsTests(ClusterServers servers, ITestOutputHelper output)
{
    /// <summary>Enough pairs that, placed at random, some ids live on each silo.</summary>
    private const int Pairs = 8;

    [Fact]
    public async Task Lookups_and_events_through_an_alias_reach_the_known_customer_on_both_hosts()
    {
        await using var cluster = new TestCluster(output);
        var hosts = await cluster.StartAsync(servers, ["alias-a", "alias-b"]);
        await cluster.ExplainingFailureAsync(async () =>
        {
            for (var pair = 0; pair < Pairs; pair++)
            {
                var (identifiedOn, other) = pair % 2 == 0 ? (hosts[0], hosts[1]) : (hosts[1], hosts[0]);
                var (anonymous, known) = ($"alias-cookie-{pair}", $"alias-user-{pair}");

                // Neither history alone is high-value (purchases of 500 or more); together they are.
                await TrackAsync(other, anonymous, "purchase", 300, $"{anonymous}-order");
                await TrackAsync(identifiedOn, known, "purchase", 250, $"{known}-order");
                Assert.DoesNotContain("high-value", await SegmentsAsync(identifiedOn, known));

                using var identified = await identifiedOn.Http.PostAsJsonAsync("/v1/identify", new { anonymousId = anonymous, customerId = known });
                Assert.Equal(HttpStatusCode.OK, identified.StatusCode);

                foreach (var host in hosts)
                {
                    Assert.Contains("high-value", await SegmentsAsync(host, anonymous));
                    Assert.Equal(await SegmentsAsync(host, known), await SegmentsAsync(host, anonymous));
                    Assert.Equal(known, (await ViewAsync(host, anonymous))["customerId"]!.GetValue<string>());
                }

                // An event through the alias on each host counts once for the customer; a redelivery of the anonymous
                // id's own order through the other host is recognised.
                await TrackAsync(hosts[0], anonymous, "page_view", null, $"{anonymous}-view-a");
                await TrackAsync(hosts[1], anonymous, "page_view", null, $"{anonymous}-view-b");
                var redelivered = await TrackAsync(identifiedOn, anonymous, "purchase", 300, $"{anonymous}-order");
                Assert.True(redelivered["duplicate"]!.GetValue<bool>(), $"the anonymous order of pair {pair} counted again");
                foreach (var host in hosts)
                {
                    var counters = (await ViewAsync(host, known))["counters"]!;
                    Assert.Equal(2, counters["purchase"]!["count"]!.GetValue<long>());
                    Assert.Equal(550, counters["purchase"]!["sum"]!.GetValue<double>());
                    Assert.Equal(2, counters["page_view"]!["count"]!.GetValue<long>());
                }
            }
        });
    }

    private static async Task<JsonNode> TrackAsync(ClusterHost host, string customerId, string type, double? value, string eventId)
    {
        using var response = await host.Http.PostAsJsonAsync("/v1/events", new { customerId, type, value, eventId });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"event {eventId} on {host.Name}: HTTP {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    private static async Task<string[]> SegmentsAsync(ClusterHost host, string customerId)
    {
        var body = await host.Http.GetFromJsonAsync<JsonNode>($"/v1/customers/{customerId}/segments");
        return [.. body!["segments"]!.AsArray().Select(s => s!.GetValue<string>()).Order()];
    }

    private static async Task<JsonNode> ViewAsync(ClusterHost host, string customerId) =>
        (await host.Http.GetFromJsonAsync<JsonNode>($"/v1/customers/{customerId}"))!;
}
