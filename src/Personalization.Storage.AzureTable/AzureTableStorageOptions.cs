using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Orleans.Runtime;
using Orleans.Storage;

// Same namespace as the official Microsoft.Orleans.Persistence.AzureStorage options, so code that configures
// this provider compiles unchanged against the official package.
namespace Orleans.Configuration;

/// <summary>Configuration of the Azure Table grain storage provider.</summary>
public class AzureTableStorageOptions : IStorageProviderSerializerOptions
{
    public const string DEFAULT_TABLE_NAME = "OrleansGrainState";
    public const int DEFAULT_INIT_STAGE = ServiceLifecycleStage.ApplicationServices;

    private TableServiceClient? tableServiceClient;

    /// <summary>
    /// The table holding the grain state of every grain type that uses this provider. It is created when the silo starts.
    /// Give each deployment its own (3 to 63 letters and digits, starting with a letter); deployments that do share a
    /// table are still kept apart by the ServiceId in every PartitionKey.
    /// </summary>
    public string TableName { get; set; } = DEFAULT_TABLE_NAME;

    /// <summary>
    /// Whether clearing a grain's state deletes its row (true) or overwrites it with an empty record (false).
    /// True by default, unlike the official provider, because clearing is how a customer's data is erased on request.
    /// </summary>
    public bool DeleteStateOnClear { get; set; } = true;

    /// <summary>The silo lifecycle stage at which the table is created or attached to; storage is unusable before it.</summary>
    public int InitStage { get; set; } = DEFAULT_INIT_STAGE;

    /// <summary>
    /// Turns grain state into bytes and back. When left unset it is the serializer registered under this provider's
    /// name, else the silo's <see cref="IGrainStorageSerializer"/> (Orleans' JSON serializer unless configured otherwise).
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;

    /// <summary>Client options (retries, diagnostics) for clients built by the ConfigureTableServiceClient methods.</summary>
    public TableClientOptions? ClientOptions { get; set; }

    /// <summary>The client for the Table service account. Set it, or call one of the ConfigureTableServiceClient methods.</summary>
    [DisallowNull]
    public TableServiceClient? TableServiceClient
    {
        get => tableServiceClient;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            tableServiceClient = value;
            CreateClient = () => value;
        }
    }

    /// <summary>Builds the client when the silo starts rather than at configuration time, so that
    /// <see cref="ClientOptions"/> set after a ConfigureTableServiceClient call still apply.</summary>
    internal Func<TableServiceClient>? CreateClient { get; private set; }

    /// <summary>Uses a storage account connection string (including Azurite's development one).</summary>
    public void ConfigureTableServiceClient(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        SetFactory(() => new TableServiceClient(connectionString, ClientOptions));
    }

    /// <summary>Uses a service URI that carries its own authorization, such as a SAS token in the query.</summary>
    public void ConfigureTableServiceClient(Uri serviceUri)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        SetFactory(() => new TableServiceClient(serviceUri, ClientOptions));
    }

    /// <summary>Uses Microsoft Entra ID, for example a DefaultAzureCredential or a managed identity.</summary>
    public void ConfigureTableServiceClient(Uri serviceUri, TokenCredential tokenCredential)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        ArgumentNullException.ThrowIfNull(tokenCredential);
        SetFactory(() => new TableServiceClient(serviceUri, tokenCredential, ClientOptions));
    }

    /// <summary>Uses a shared access signature.</summary>
    public void ConfigureTableServiceClient(Uri serviceUri, AzureSasCredential sasCredential)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        ArgumentNullException.ThrowIfNull(sasCredential);
        SetFactory(() => new TableServiceClient(serviceUri, sasCredential, ClientOptions));
    }

    /// <summary>Uses the account name and key.</summary>
    public void ConfigureTableServiceClient(Uri serviceUri, TableSharedKeyCredential sharedKeyCredential)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        ArgumentNullException.ThrowIfNull(sharedKeyCredential);
        SetFactory(() => new TableServiceClient(serviceUri, sharedKeyCredential, ClientOptions));
    }

    private void SetFactory(Func<TableServiceClient> factory)
    {
        tableServiceClient = null;
        CreateClient = factory;
    }
}

/// <summary>Fails silo start-up, before any grain runs, when the Azure Table grain storage is misconfigured.</summary>
public partial class AzureTableGrainStorageOptionsValidator : IConfigurationValidator
{
    private readonly AzureTableStorageOptions options;
    private readonly string name;

    public AzureTableGrainStorageOptionsValidator(AzureTableStorageOptions options, string name)
    {
        this.options = options;
        this.name = name;
    }

    public void ValidateConfiguration()
    {
        if (options.CreateClient is null)
        {
            throw new OrleansConfigurationException(
                $"Azure Table grain storage '{name}' has no Table service client: set {nameof(AzureTableStorageOptions)}.{nameof(AzureTableStorageOptions.TableServiceClient)} " +
                $"or call {nameof(AzureTableStorageOptions.ConfigureTableServiceClient)}.");
        }

        if (options.TableName is null || !TableNamePattern().IsMatch(options.TableName))
        {
            throw new OrleansConfigurationException(
                $"Azure Table grain storage '{name}' has TableName '{options.TableName}'; Azure table names are 3 to 63 letters and digits and start with a letter.");
        }

        if (options.GrainStorageSerializer is null)
        {
            throw new OrleansConfigurationException(
                $"Azure Table grain storage '{name}' has no {nameof(AzureTableStorageOptions.GrainStorageSerializer)} and no {nameof(IGrainStorageSerializer)} is registered.");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
