using System.Collections.Concurrent;
using Azure;
using Response = Personalization.LoadTests.Runner.Response;
using Azure.Data.Tables;
using Personalization.LoadTests.Runner;

namespace Personalization.LoadTests.Scenarios;

/// <summary>
/// Durable ingest in <c>Storage:Durability</c> Acknowledged mode on Azure Table storage (Azurite in practice), against
/// what that storage does alone: one writer replacing customer-sized rows one after another. Every event answered 2xx
/// here is in storage, so the ratio says how far per-grain group commit and parallel grains carry ingest beyond the
/// storage's sequential write rate.
/// </summary>
public static partial class EngineSets
{
    public static IReadOnlyList<Scenario> DurableIngest(ScenarioSetOptions options)
    {
        var storage = options.AzureTable ?? throw new ArgumentException(
            "The durable set needs the engine's Azure Table storage: pass --azure-table <connection string> (with --start-host the host is started on it).");
        var engine = new Engine(options, withOrleans: false);
        var customers = options.Customers;
        var size = options.BatchSize;
        var writes = new SequentialRowWrites(storage, customers);
        return
        [
            EngineScenario(engine, "storage-write", withVisitors: true, writes.WriteNextAsync, prepare: writes.PrepareAsync)
                .WithClean(async ctx =>
                {
                    await writes.DropAsync();
                    await engine.CloseAsync(ctx);
                })
                .WithLoadSimulations(Simulation.KeepConstant(1, options.Duration))
                .AsBaseline(),
            EngineScenario(engine, "ingest-acknowledged", withVisitors: true, async ctx =>
            {
                var visitor = ctx.Random.Next(customers);
                using var content = EventJson.Content(json => PageView(json, visitor, ctx.Random));
                return await Check(engine.Http.PostAsync("/v1/events", content, ctx.CancellationToken));
            }),
            EngineScenario(engine, "batch-acknowledged", withVisitors: true, async ctx =>
            {
                using var content = EventJson.Batch(json =>
                {
                    for (var i = 0; i < size; i++)
                    {
                        PageView(json, ctx.Random.Next(customers), ctx.Random);
                    }
                });
                return await CheckBatch(engine.Http.PostAsync("/v1/events", content, ctx.CancellationToken), size);
            }),
        ];
    }

    /// <summary>
    /// The storage's own rate: rows shaped like a seeded customer's stored state (copied from the engine's table, so the
    /// payload is the real one), written as the grain storage writes them (insert once, then replace on the ETag), to a
    /// table of their own, over as many row keys as there are customers.
    /// </summary>
    private sealed class SequentialRowWrites(AzureTableTarget storage, int customers)
    {
        private readonly TableClient table = new(storage.ConnectionString, $"baseline{Guid.NewGuid():N}");
        private readonly ConcurrentDictionary<int, ETag> written = new();
        private TableEntity template = [];
        private int next;

        public async Task PrepareAsync(ScenarioInitContext context)
        {
            var engineRows = new TableClient(storage.ConnectionString, storage.TableName);
            await foreach (var row in engineRows.QueryAsync<TableEntity>(e => e.RowKey == "customer", maxPerPage: 1, cancellationToken: context.CancellationToken))
            {
                template = row;
                break;
            }

            if (template.Count == 0)
            {
                throw new InvalidOperationException($"No customer row in table {storage.TableName}: is the host storing its customers there?");
            }

            await table.CreateIfNotExistsAsync(context.CancellationToken);
            var bytes = template.Sum(p => p.Value switch { byte[] b => b.Length, string s => s.Length, _ => 8 });
            context.Log.Info($"storage-write: rows like the engine's customer row of {bytes:N0} bytes in {template.Count} properties");
        }

        public async Task<Response> WriteNextAsync(ScenarioContext context)
        {
            var key = (int)((uint)Interlocked.Increment(ref next) % (uint)customers);
            var entity = new TableEntity(template) { PartitionKey = $"baseline_{key}", RowKey = "customer" };
            var response = written.TryGetValue(key, out var eTag)
                ? await table.UpdateEntityAsync(entity, eTag, TableUpdateMode.Replace, context.CancellationToken)
                : await table.AddEntityAsync(entity, context.CancellationToken);
            written[key] = response.Headers.ETag ?? ETag.All;
            return Response.Ok();
        }

        public async Task DropAsync() => await table.DeleteAsync();
    }
}

/// <summary>The Azure Table storage the engine under load writes its customers to.</summary>
public sealed record AzureTableTarget(string ConnectionString, string TableName);
