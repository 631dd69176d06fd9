using Personalization.Hosting;
using System.Net;
using System.Net.Sockets;
using Orleans.Configuration;

namespace Personalization.Host.Hosting;

/// <summary>
/// How silos find each other, from "Clustering:Provider": Localhost (the embedded default, one silo) or Redis
/// (<c>Clustering:ConnectionString</c>), where any number of hosts form one cluster.
/// </summary>
internal static class ClusteringChoice
{
    public static void Configure(ISiloBuilder silo, IConfiguration configuration)
    {
        var orleans = configuration.GetSection("Orleans");
        var siloPort = orleans.GetValue("SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
        var gatewayPort = orleans.GetValue("GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
        var serviceId = orleans["ServiceId"] ?? "personalization";
        var clusterId = orleans["ClusterId"] ?? "personalization";
        var provider = configuration["Clustering:Provider"] ?? "Localhost";
        switch (provider.ToLowerInvariant())
        {
            case "localhost":
                silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: serviceId, clusterId: clusterId);
                silo.UseSingleSiloDirectoryCache();
                break;
            case "redis":
                var connectionString = configuration["Clustering:ConnectionString"]
                    ?? throw new InvalidOperationException("Clustering:Provider Redis needs Clustering:ConnectionString.");
                silo.UseRedisClustering(connectionString);
                silo.Configure<ClusterOptions>(options =>
                {
                    options.ServiceId = serviceId;
                    options.ClusterId = clusterId;
                });
                silo.Configure<EndpointOptions>(options =>
                {
                    options.SiloPort = siloPort;
                    options.GatewayPort = gatewayPort;
                    options.AdvertisedIPAddress = AdvertisedAddress(orleans["AdvertisedIPAddress"]);
                });
                break;
            default:
                throw new InvalidOperationException($"Clustering:Provider '{provider}' is not known; use Localhost or Redis.");
        }
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
