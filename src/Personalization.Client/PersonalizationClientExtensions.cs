using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Personalization.Security;

namespace Personalization.Client;

public static class PersonalizationClientExtensions
{
    /// <summary>
    /// Registers <see cref="IPersonalization"/> and the Orleans client it calls the cluster through. The client connects
    /// when the application starts; invalid options throw an <see cref="OptionsValidationException"/> here.
    /// </summary>
    public static IServiceCollection AddPersonalizationClient(this IServiceCollection services, Action<PersonalizationClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PersonalizationClientOptions();
        configure(options);
        return Register(services, options);
    }

    /// <summary>
    /// Registers <see cref="IPersonalization"/> with options bound from the <paramref name="sectionName"/> configuration
    /// section ("Personalization" unless given), then adjusted by <paramref name="configure"/>.
    /// </summary>
    public static TBuilder AddPersonalizationClient<TBuilder>(
        this TBuilder builder,
        Action<PersonalizationClientOptions>? configure = null,
        string sectionName = PersonalizationClientOptions.SectionName)
        where TBuilder : IHostApplicationBuilder
    {
        var options = new PersonalizationClientOptions();
        builder.Configuration.GetSection(sectionName).Bind(options);
        configure?.Invoke(options);
        Register(builder.Services, options);
        return builder;
    }

    /// <summary>A health check that is healthy while a gateway answers a grain call within the call timeout.</summary>
    public static IHealthChecksBuilder AddPersonalizationCluster(this IHealthChecksBuilder builder, string name = "personalization-cluster", params string[] tags) =>
        builder.AddCheck<PersonalizationClusterHealthCheck>(name, HealthStatus.Unhealthy, tags);

    private static IServiceCollection Register(IServiceCollection services, PersonalizationClientOptions options)
    {
        PersonalizationClientOptionsValidator.ThrowIfInvalid(options);
        services.AddSingleton(Options.Create(options));
        services.AddOrleansClient(client =>
        {
            switch (options.Clustering)
            {
                case PersonalizationClustering.Localhost:
                    client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
                    break;
                case PersonalizationClustering.Redis:
                    client.UseRedisClustering(options.ConnectionString!);
                    break;
                case PersonalizationClustering.AzureTable:
                    client.UseAzureStorageClustering(table =>
                    {
                        table.TableServiceClient = new TableServiceClient(options.ConnectionString);
                        table.TableName = options.ClusteringTableName;
                    });
                    break;
            }

            if (options.Clustering != PersonalizationClustering.Localhost)
            {
                client.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = options.ClusterId;
                    cluster.ServiceId = options.ServiceId;
                });
            }

            if (options.TlsCertificatePath is { Length: > 0 } certificatePath)
            {
                var certificate = ClusterCertificates.Load(certificatePath, options.TlsCertificatePassword);
                client.UseTls(certificate, tls =>
                {
                    tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                    tls.RemoteCertificateValidation = (remote, _, errors) => ClusterCertificates.IsTrusted(certificate, remote, errors);
                });
            }

            // Orleans' own response timeout matches the per-attempt timeout, so an abandoned attempt is cleaned up as it expires.
            client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = options.CallTimeout);
            client.UseConnectionRetryFilter(new ConnectRetryFilter(options.ConnectTimeout, TimeProvider.System));
        });
        services.AddSingleton<IPersonalization, PersonalizationClient>();
        return services;
    }
}
