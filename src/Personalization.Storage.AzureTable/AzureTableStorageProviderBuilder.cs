using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Storage;
using Personalization.Storage.AzureTable;

// "AzureTableStorage" is the official package's provider type name, so configuration that selects this provider
// ("Orleans:GrainStorage:<name>:ProviderType") selects the official one once that package replaces this project.
[assembly: RegisterProvider("AzureTableStorage", "GrainStorage", "Silo", typeof(AzureTableStorageProviderBuilder))]

namespace Personalization.Storage.AzureTable;

/// <summary>
/// Registers the storage from an "Orleans:GrainStorage:&lt;name&gt;" configuration section, reading the keys the
/// official provider reads (TableName, ServiceKey, ConnectionName, ConnectionString, SerializerKey) and DeleteStateOnClear.
/// </summary>
public sealed class AzureTableStorageProviderBuilder : IProviderBuilder<ISiloBuilder>
{
    public void Configure(ISiloBuilder builder, string? name, IConfigurationSection configurationSection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.AddAzureTableGrainStorage(name, (OptionsBuilder<AzureTableStorageOptions> optionsBuilder) =>
            optionsBuilder.Configure<IServiceProvider>((options, services) =>
            {
                if (configurationSection["TableName"] is { Length: > 0 } tableName)
                {
                    options.TableName = tableName;
                }

                if (configurationSection["DeleteStateOnClear"] is { Length: > 0 } deleteStateOnClear)
                {
                    options.DeleteStateOnClear = bool.Parse(deleteStateOnClear);
                }

                ConfigureClient(options, services, configurationSection);

                if (configurationSection["SerializerKey"] is { Length: > 0 } serializerKey)
                {
                    options.GrainStorageSerializer = services.GetRequiredKeyedService<IGrainStorageSerializer>(serializerKey);
                }
            }));
    }

    private static void ConfigureClient(AzureTableStorageOptions options, IServiceProvider services, IConfigurationSection section)
    {
        if (section["ServiceKey"] is { Length: > 0 } serviceKey)
        {
            options.TableServiceClient = services.GetRequiredKeyedService<TableServiceClient>(serviceKey);
            return;
        }

        var connectionString = section["ConnectionString"];
        if (string.IsNullOrEmpty(connectionString) && section["ConnectionName"] is { Length: > 0 } connectionName)
        {
            connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString(connectionName);
        }

        if (string.IsNullOrEmpty(connectionString))
        {
            return;
        }

        if (Uri.TryCreate(connectionString, UriKind.Absolute, out var serviceUri))
        {
            options.ConfigureTableServiceClient(serviceUri);
        }
        else
        {
            options.ConfigureTableServiceClient(connectionString);
        }
    }
}
