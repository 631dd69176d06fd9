using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Orleans.Clustering.AzureStorage;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using Personalization.Hosting;
using StackExchange.Redis;

namespace Personalization.Host.Hosting;

public static class ClusteringHosting
{
    /// <summary>
    /// Joins the silo to its cluster the way the "Clustering" section says: alone on localhost, or through a membership
    /// table in Redis or Azure Table storage, with ports and ids from the "Orleans" section. The options are bound from
    /// the section and validated when the host starts; <paramref name="configure"/> runs after binding.
    /// </summary>
    public static ISiloBuilder UsePersonalizationClustering(this ISiloBuilder silo, Action<OptionsBuilder<ClusteringOptions>>? configure = null)
    {
        var options = silo.Services.AddOptions<ClusteringOptions>().BindConfiguration(ClusteringOptions.SectionName);
        configure?.Invoke(options);
        options.ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<ClusteringOptions>, ClusteringOptionsValidator>();

        var orleans = silo.Configuration.GetSection("Orleans");
        var siloPort = orleans.GetValue("SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
        var gatewayPort = orleans.GetValue("GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
        var serviceId = orleans["ServiceId"] ?? "personalization";
        var clusterId = orleans["ClusterId"] ?? "personalization";

        // The provider decides which services exist, so it is checked now; every other setting is read and checked when
        // the options are built, as the host starts.
        var name = silo.Configuration.GetSection(ClusteringOptions.SectionName)[nameof(ClusteringOptions.Provider)] ?? nameof(ClusteringProvider.Localhost);
        var provider = ClusteringOptions.Parse(name)
            ?? throw new OptionsValidationException(ClusteringOptions.SectionName, typeof(ClusteringOptions), [ClusteringOptions.UnknownProvider(name)]);
        switch (provider)
        {
            case ClusteringProvider.Localhost:
                silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: serviceId, clusterId: clusterId);
                silo.UseSingleSiloDirectoryCache();
                return silo;
            case ClusteringProvider.Redis:
                silo.UseRedisClustering(_ => { });
                silo.Services.AddOptions<RedisClusteringOptions>().Configure<IOptions<ClusteringOptions>>((redis, clustering) =>
                    redis.ConfigurationOptions = ConfigurationOptions.Parse(clustering.Value.ConnectionString!));
                break;
            case ClusteringProvider.AzureTable:
                silo.UseAzureStorageClustering(table => table.Configure<IOptions<ClusteringOptions>>((table, clustering) =>
                {
                    table.TableServiceClient = new TableServiceClient(clustering.Value.ConnectionString);
                    table.TableName = clustering.Value.TableName;
                }));
                break;
        }

        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ServiceId = serviceId;
            cluster.ClusterId = clusterId;
        });
        silo.Configure<EndpointOptions>(endpoints =>
        {
            endpoints.SiloPort = siloPort;
            endpoints.GatewayPort = gatewayPort;
            endpoints.AdvertisedIPAddress = AdvertisedAddress(orleans["AdvertisedIPAddress"]);
        });
        return silo;
    }

    /// <summary>The address other silos reach this one at: configured, or this machine's first IPv4 address (a container's own).</summary>
    private static IPAddress AdvertisedAddress(string? configured)
    {
        if (configured is not null)
        {
            return IPAddress.Parse(configured);
        }

        return Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Loopback;
    }
}
