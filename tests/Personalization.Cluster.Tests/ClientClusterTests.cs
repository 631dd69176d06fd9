using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Personalization.Client;
using Personalization.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Personalization.Cluster.Tests;

/// <summary>The client SDK against a real host process, through each way of finding its gateway.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClientClusterTests(ClusterServers servers, ITestOutputHelper output)
{
    [Fact]
    public async Task Localhost_clustering_reaches_the_hosts_gateway_and_a_resent_event_is_counted_once()
    {
        var host = await servers.SharedHostAsync();
        using var app = await StartAsync(options =>
        {
            options.GatewayPort = host.GatewayPort;
            options.ClusterId = servers.SharedCluster!.ClusterId;
        });
        var personalization = app.Services.GetRequiredService<IPersonalization>();
        var customer = $"sdk-local-{Guid.NewGuid():N}";
        var view = new CustomerEvent("page_view")
        {
            SessionId = "s-1",
            Properties = new Dictionary<string, object?> { ["device"] = "mobile", ["category"] = "shoes" },
        };

        var tracked = await personalization.TrackAsync(customer, view);
        var resent = await personalization.TrackAsync(customer, view with { EventId = tracked.EventIds[0] });
        var segments = await personalization.GetSegmentsAsync(customer);

        Assert.Equal(["mobile-shopper", "new-visitor"], tracked.Segments.Order());
        Assert.Equal(["mobile-shopper", "new-visitor"], tracked.Entered.Order());
        Assert.Equal(0, tracked.DuplicatesIgnored);
        Assert.Equal(1, resent.DuplicatesIgnored);
        Assert.Empty(resent.Entered);
        Assert.Equal(tracked.Segments.Order(), segments.Order());
        Assert.Equal(1, await CountAsync(host, customer, "page_view"));
    }

    [Fact]
    public async Task Redis_clustering_finds_the_gateways_the_silos_registered_and_the_health_check_sees_them()
    {
        var host = await servers.SharedHostAsync();
        var cluster = servers.SharedCluster!;
        using var app = await StartAsync(options =>
        {
            options.Clustering = PersonalizationClustering.Redis;
            options.ConnectionString = cluster.RedisConnectionString;
            options.ClusterId = cluster.ClusterId;
        });
        var personalization = app.Services.GetRequiredService<IPersonalization>();
        var customer = $"sdk-redis-{Guid.NewGuid():N}";

        var tracked = await personalization.TrackAsync(customer, [
            new CustomerEvent("add_to_cart") { Value = 300 },
            new CustomerEvent("purchase") { Value = 300, EventId = "order-1" },
            new CustomerEvent("purchase") { Value = 250, EventId = "order-2" },
        ]);
        var health = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Contains("high-value", tracked.Segments);
        Assert.Equal(2, await CountAsync(host, customer, "purchase"));
        Assert.Equal(1, await CountAsync(host, customer, "add_to_cart"));
        Assert.Equal(HealthStatus.Healthy, health.Status);
    }

    [Fact]
    public async Task Azure_table_clustering_finds_the_gateways_in_the_table_the_hosts_name()
    {
        await using var cluster = new TestCluster(output);
        var settings = ClusterSettings.Unique(servers);
        var silos = $"Silos{Guid.NewGuid():N}";
        var host = (await cluster.StartAsync(settings, ["host-table"],
            "Clustering:Provider=AzureTable",
            $"Clustering:ConnectionString={servers.Azurite.ConnectionString}",
            $"Clustering:TableName={silos}"))[0];
        void AzureTable(PersonalizationClientOptions options)
        {
            options.Clustering = PersonalizationClustering.AzureTable;
            options.ConnectionString = servers.Azurite.ConnectionString;
            options.ClusterId = settings.ClusterId;
            options.ConnectTimeout = TimeSpan.FromSeconds(3);
        }

        await cluster.ExplainingFailureAsync(async () =>
        {
            using var app = await StartAsync(options =>
            {
                AzureTable(options);
                options.ClusteringTableName = silos;
            });
            var customer = $"sdk-table-{Guid.NewGuid():N}";
            var tracked = await app.Services.GetRequiredService<IPersonalization>().TrackAsync(customer, new CustomerEvent("page_view"));

            Assert.Contains("new-visitor", tracked.Segments);
            Assert.Equal(1, await CountAsync(host, customer, "page_view"));
            // Orleans' default table lists no gateway of this cluster, so a client reading it cannot start.
            var unreachable = await Assert.ThrowsAsync<SiloUnavailableException>(() => StartAsync(AzureTable));
            Assert.Contains("Could not find any gateway", unreachable.Message);
        });
    }

    [Fact]
    public async Task Offers_a_campaign_made_are_read_through_the_SDK()
    {
        var host = await servers.SharedHostAsync();
        await CampaignApi.OfferOnProductViewAsync(host, "sdk-shoe-offer", "RUN-07", "Race-day socks for free", "SOCKS");
        using var app = await StartAsync(options =>
        {
            options.GatewayPort = host.GatewayPort;
            options.ClusterId = servers.SharedCluster!.ClusterId;
        });
        var personalization = app.Services.GetRequiredService<IPersonalization>();
        var customer = $"sdk-offers-{Guid.NewGuid():N}";
        var view = new CustomerEvent("page_view") { Properties = new Dictionary<string, object?> { ["sku"] = "RUN-07" } };
        IReadOnlyList<PendingOffer> offers = [];

        var offered = await CampaignApi.EventuallyAsync(async () =>
        {
            await personalization.TrackAsync(customer, view);
            offers = await personalization.GetOffersAsync(customer);
            return offers.Count > 0;
        });

        Assert.True(offered, "The campaign made no offer for a view of RUN-07.");
        var offer = Assert.Single(offers);
        Assert.Equal("sdk-shoe-offer", offer.CampaignId);
        using var content = JsonDocument.Parse(offer.Content);
        Assert.Equal("SOCKS", content.RootElement.GetProperty("code").GetString());
        Assert.True(offer.ExpiresAt > offer.CreatedAt);
        Assert.Empty(await personalization.GetOffersAsync($"sdk-offers-{Guid.NewGuid():N}"));
    }

    private static async Task<IHost> StartAsync(Action<PersonalizationClientOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddPersonalizationClient(configure);
        builder.Services.AddHealthChecks().AddPersonalizationCluster();
        var app = builder.Build();
        await app.StartAsync();
        return app;
    }

    private static async Task<long> CountAsync(ClusterHost host, string customerId, string eventType)
    {
        var customer = await host.Http.GetFromJsonAsync<JsonElement>($"/v1/customers/{customerId}");
        return customer.GetProperty("counters").TryGetProperty(eventType, out var counters) ? counters.GetProperty("count").GetInt64() : 0;
    }
}
