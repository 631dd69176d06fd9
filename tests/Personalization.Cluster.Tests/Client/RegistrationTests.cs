using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Runtime;
using Personalization.Client;

namespace Personalization.Cluster.Tests.Client;

/// <summary>How the SDK is registered and configured; nothing here connects to a cluster.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public void The_builder_overload_binds_the_Personalization_section()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Personalization:Clustering"] = "Redis",
            ["Personalization:ConnectionString"] = "redis.internal:6379",
            ["Personalization:ClusterId"] = "shop-cluster",
            ["Personalization:ServiceId"] = "shop",
            ["Personalization:CallTimeout"] = "00:00:01.500",
            ["Personalization:MaxRetries"] = "5",
            ["Personalization:RetryDelay"] = "00:00:00.050",
            ["Personalization:ConnectTimeout"] = "00:00:10",
        });

        builder.AddPersonalizationClient();
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<PersonalizationClientOptions>>().Value;
        Assert.Equal(PersonalizationClustering.Redis, options.Clustering);
        Assert.Equal("redis.internal:6379", options.ConnectionString);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.CallTimeout);
        Assert.Equal(5, options.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.RetryDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ConnectTimeout);
        var cluster = host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal("shop-cluster", cluster.ClusterId);
        Assert.Equal("shop", cluster.ServiceId);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), host.Services.GetRequiredService<IOptions<ClientMessagingOptions>>().Value.ResponseTimeout);
        Assert.NotNull(host.Services.GetRequiredService<IPersonalization>());
    }

    [Fact]
    public void The_delegate_adjusts_what_the_section_says()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Personalization:GatewayPort"] = "31000" });

        builder.AddPersonalizationClient(options => options.ClusterId = "from-code");
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<PersonalizationClientOptions>>().Value;
        Assert.Equal(31000, options.GatewayPort);
        Assert.Equal("from-code", options.ClusterId);
    }

    [Fact]
    public void Localhost_clustering_points_the_client_at_the_gateway_port()
    {
        var services = new ServiceCollection();

        services.AddPersonalizationClient(options =>
        {
            options.GatewayPort = 31234;
            options.ClusterId = "local";
        });
        using var provider = services.BuildServiceProvider();

        var gateways = provider.GetRequiredService<IOptions<StaticGatewayListProviderOptions>>().Value.Gateways;
        Assert.Equal(31234, Assert.Single(gateways).Port);
        Assert.Equal("local", provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId);
    }

    public static TheoryData<string, Action<PersonalizationClientOptions>> InvalidOptions => new()
    {
        { "ConnectionString", o => o.Clustering = PersonalizationClustering.Redis },
        { "GatewayPort", o => o.GatewayPort = 0 },
        { "ClusterId", o => o.ClusterId = " " },
        { "ServiceId", o => o.ServiceId = "" },
        { "CallTimeout", o => o.CallTimeout = TimeSpan.Zero },
        { "MaxRetries", o => o.MaxRetries = -1 },
        { "RetryDelay", o => o.RetryDelay = TimeSpan.FromSeconds(-1) },
        { "Clustering", o => o.Clustering = (PersonalizationClustering)7 },
        {
            "ClusteringTableName", o =>
            {
                o.Clustering = PersonalizationClustering.AzureTable;
                o.ConnectionString = "UseDevelopmentStorage=true";
                o.ClusteringTableName = "silo-table";
            }
        },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Options_that_cannot_work_fail_the_registration_naming_the_setting(string setting, Action<PersonalizationClientOptions> configure)
    {
        var thrown = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddPersonalizationClient(configure));

        Assert.Contains($"Personalization:{setting}", thrown.Message);
    }

    [Fact]
    public async Task Start_up_keeps_trying_a_missing_gateway_until_the_connect_timeout()
    {
        var clock = new FakeTimeProvider();
        var filter = new ConnectRetryFilter(TimeSpan.FromSeconds(5), clock);
        var unreachable = new SiloUnavailableException("Could not find any gateway");

        var firstRetry = filter.ShouldRetryConnectionAttempt(unreachable, CancellationToken.None);
        Assert.False(firstRetry.IsCompleted, "The filter should pause before the next attempt.");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await firstRetry);

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(await filter.ShouldRetryConnectionAttempt(unreachable, CancellationToken.None));
    }

    [Fact]
    public async Task Start_up_does_not_retry_a_failure_that_will_not_go_away()
    {
        var filter = new ConnectRetryFilter(TimeSpan.FromMinutes(1), new FakeTimeProvider());

        var retry = await filter.ShouldRetryConnectionAttempt(new InvalidOperationException("Unexpected cluster id \"a\", expected \"b\""), CancellationToken.None);

        Assert.False(retry);
    }
}
