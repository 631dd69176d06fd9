using Microsoft.Extensions.Configuration;
using Personalization.Customers;
using Personalization.Host.Hosting;

namespace Personalization.Host.Tests.Storage;

/// <summary>The "Storage" and "Clustering" sections as options: bound from configuration and checked when the host starts.</summary>
public sealed class StorageSettingsTests
{
    [Theory]
    [InlineData("Memory", null, DurabilityMode.OnDeactivation)]
    [InlineData("Memory", "Buffered", DurabilityMode.Buffered)]
    [InlineData("Memory", "Acknowledged", DurabilityMode.Acknowledged)]
    [InlineData("Redis", null, DurabilityMode.Acknowledged)]
    [InlineData("AzureTable", null, DurabilityMode.Acknowledged)]
    [InlineData("azure", "Buffered", DurabilityMode.Buffered)]
    public void Only_in_memory_storage_answers_before_the_write_unless_told_otherwise(string provider, string? durability, DurabilityMode expected)
    {
        var storage = Bind<StorageOptions>(StorageOptions.SectionName, new()
        {
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = provider == "Memory" ? null : "UseDevelopmentStorage=true",
            ["Storage:Durability"] = durability,
        });

        Assert.True(new StorageOptionsValidator().Validate(null, storage).Succeeded);
        Assert.Equal(expected, storage.CustomerDurability);
    }

    [Theory]
    [InlineData("Storage:Provider", "Cassandra", "Storage:Provider 'Cassandra' is not one of Memory, AzureTable (or azure), Redis")]
    [InlineData("Storage:MaxConnections", "0", "Storage:MaxConnections is 0; it must be between 1 and 4096")]
    [InlineData("Storage:MaxConnections", "4097", "Storage:MaxConnections is 4097; it must be between 1 and 4096")]
    [InlineData("Storage:TableName", "1-bad", "Storage:TableName '1-bad' is not an Azure table name (3 to 63 letters and digits, starting with a letter)")]
    [InlineData("Storage:ConnectionString", "", "Storage:ConnectionString is required with Storage:Provider AzureTable")]
    [InlineData("Clustering:Provider", "Zookeeper", "Clustering:Provider 'Zookeeper' is not one of Localhost, Redis, AzureTable")]
    [InlineData("Clustering:Provider", "2", "Clustering:Provider '2' is not one of Localhost, Redis, AzureTable")]
    [InlineData("Clustering:Provider", "AzureTable", "Clustering:ConnectionString is required with Clustering:Provider AzureTable")]
    public async Task A_bad_storage_or_clustering_setting_stops_the_host_at_start_naming_the_key_and_what_it_accepts(string key, string value, string reason)
    {
        string[] settings =
        [
            $"Urls=http://127.0.0.1:{FreePort.Next()}",
            $"Orleans:SiloPort={FreePort.Next()}",
            $"Orleans:GatewayPort={FreePort.Next()}",
            .. key is "Storage:TableName" or "Storage:ConnectionString" ? ["Storage:Provider=AzureTable", "Storage:ConnectionString=UseDevelopmentStorage=true"] : Array.Empty<string>(),
            $"{key}={value}",
        ];

        var host = await ChildProcess.RunAsync("dotnet", [BuiltPrograms.HostDll, .. settings], Path.GetTempPath(), TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, host.ExitCode);
        Assert.Contains(reason, host.Output + host.Errors);
    }

    private static T Bind<T>(string section, Dictionary<string, string?> settings) where T : new()
    {
        var options = new T();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(section).Bind(options);
        return options;
    }
}
