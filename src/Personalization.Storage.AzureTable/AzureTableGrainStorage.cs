using System.Net;
using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Configuration.Overrides;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Personalization.Storage.AzureTable;

/// <summary>
/// Grain storage on Azure Table storage: one row per grain and state name, guarded by the row's ETag.
/// Register it with <c>AddAzureTableGrainStorage</c>; the table is created when the silo starts.
/// </summary>
public sealed partial class AzureTableGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly string name;
    private readonly AzureTableStorageOptions options;
    private readonly string serviceId;
    private readonly IActivatorProvider activatorProvider;
    private readonly ILogger logger;
    private TableClient? table;

    public AzureTableGrainStorage(
        string name,
        AzureTableStorageOptions options,
        IOptions<ClusterOptions> clusterOptions,
        IActivatorProvider activatorProvider,
        ILogger<AzureTableGrainStorage> logger)
    {
        this.name = name;
        this.options = options;
        serviceId = clusterOptions.Value.ServiceId;
        this.activatorProvider = activatorProvider;
        this.logger = logger;
    }

    /// <summary>The factory that <c>AddAzureTableGrainStorage</c> registers under the provider's name.</summary>
    internal static AzureTableGrainStorage Create(IServiceProvider services, string name) =>
        ActivatorUtilities.CreateInstance<AzureTableGrainStorage>(
            services,
            name,
            services.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>().Get(name),
            // A ClusterOptions registered under the provider's name overrides the silo's ServiceId, as for Orleans' own providers.
            services.GetProviderClusterOptions(name));

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<AzureTableGrainStorage>(name), options.InitStage, Init);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var response = await Table().GetEntityIfExistsAsync<TableEntity>(
            TableKeys.PartitionKey(serviceId, grainId), TableKeys.RowKey(stateName)).ConfigureAwait(false);
        if (!response.HasValue)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.State = CreateInstance<T>();
            return;
        }

        var entity = response.Value!;
        grainState.ETag = entity.ETag.ToString();
        var stored = StateColumns.Read(entity);
        grainState.RecordExists = stored is not null;
        grainState.State = stored is null ? CreateInstance<T>() : options.GrainStorageSerializer.Deserialize<T>(stored) ?? CreateInstance<T>();
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var state = options.GrainStorageSerializer.Serialize(grainState.State).ToMemory();
        if (state.Length > StateColumns.MaxStateSize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(grainState),
                state.Length,
                $"State '{stateName}' of grain {grainId} serializes to {state.Length} bytes; Azure Table grain storage '{name}' holds at most " +
                $"{StateColumns.MaxStateSize} bytes per state ({StateColumns.MaxChunks} properties of {StateColumns.ChunkSize} bytes in one 1 MiB entity). Nothing was written.");
        }

        var entity = new TableEntity(TableKeys.PartitionKey(serviceId, grainId), TableKeys.RowKey(stateName));
        StateColumns.Write(state, entity);
        grainState.ETag = await Put(entity, grainState.ETag, stateName, grainId).ConfigureAwait(false);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var partitionKey = TableKeys.PartitionKey(serviceId, grainId);
        var rowKey = TableKeys.RowKey(stateName);
        if (options.DeleteStateOnClear)
        {
            await Delete(partitionKey, rowKey, grainState.ETag, stateName, grainId).ConfigureAwait(false);
            grainState.ETag = null;
        }
        else
        {
            grainState.ETag = await Put(new TableEntity(partitionKey, rowKey), grainState.ETag, stateName, grainId).ConfigureAwait(false);
        }

        grainState.RecordExists = false;
        grainState.State = CreateInstance<T>();
    }

    /// <summary>Inserts the row when the grain has seen none, else replaces it if it still has the ETag the grain saw.</summary>
    private async Task<string> Put(TableEntity entity, string? eTag, string stateName, GrainId grainId)
    {
        try
        {
            // Replace rather than merge, so that Data chunks of a larger earlier state do not outlive it.
            var response = eTag is null
                ? await Table().AddEntityAsync(entity).ConfigureAwait(false)
                : await Table().UpdateEntityAsync(entity, new ETag(eTag), TableUpdateMode.Replace).ConfigureAwait(false);
            return response.Headers.ETag?.ToString()
                ?? throw new InvalidOperationException($"Azure Table storage returned no ETag for the row of state '{stateName}' of grain {grainId}.");
        }
        catch (RequestFailedException exception) when (IsConcurrencyConflict(exception))
        {
            throw Conflict("write", stateName, grainId, eTag, exception);
        }
    }

    private async Task Delete(string partitionKey, string rowKey, string? eTag, string stateName, GrainId grainId)
    {
        if (eTag is null)
        {
            // No ETag means the grain saw no row; a row now there was written by someone else, so erasing it blindly
            // would discard their write, and leaving it silently would claim an erase that did not happen.
            var current = await Table().GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, ["PartitionKey"]).ConfigureAwait(false);
            if (current.HasValue)
            {
                throw Conflict("delete", stateName, grainId, eTag, innerException: null);
            }

            return;
        }

        try
        {
            await Table().DeleteEntityAsync(partitionKey, rowKey, new ETag(eTag)).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (IsConcurrencyConflict(exception))
        {
            throw Conflict("delete", stateName, grainId, eTag, exception);
        }
    }

    /// <summary>
    /// 412: the row changed since it was read. 409: a row appeared although the grain saw none.
    /// 404: the row was deleted since it was read (a missing table is a different, operational, failure).
    /// </summary>
    private static bool IsConcurrencyConflict(RequestFailedException exception) => exception.Status switch
    {
        (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict => true,
        (int)HttpStatusCode.NotFound => exception.ErrorCode != TableErrorCode.TableNotFound.ToString(),
        _ => false,
    };

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? eTag, Exception? innerException) =>
        new(
            $"Could not {operation} state '{stateName}' of grain {grainId} in Azure table '{options.TableName}' (storage '{name}'): " +
            $"the row changed since this activation read it (its ETag was {eTag ?? "none, as no row existed"}).",
            storedEtag: null,
            currentEtag: eTag,
            innerException);

    private async Task Init(CancellationToken cancellationToken)
    {
        var client = options.CreateClient?.Invoke()
            ?? throw new OrleansConfigurationException($"Azure Table grain storage '{name}' has no Table service client configured.");
        var tableClient = client.GetTableClient(options.TableName);
        var response = await tableClient.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        LogTableReady(name, options.TableName, response.GetRawResponse().Status == (int)HttpStatusCode.Conflict ? "attached to" : "created");
        table = tableClient;
    }

    private TableClient Table() =>
        table ?? throw new InvalidOperationException(
            $"Azure Table grain storage '{name}' is used before the silo started it (lifecycle stage {options.InitStage}).");

    private T CreateInstance<T>() => activatorProvider.GetActivator<T>().Create();

    [LoggerMessage(Level = LogLevel.Information, Message = "Azure Table grain storage {Name} {Outcome} table {TableName}")]
    private partial void LogTableReady(string name, string tableName, string outcome);
}
