using Azure;
using Azure.Data.Tables;

namespace Personalization.Cli.Storage;

/// <summary>What one migration pass over a table did.</summary>
internal sealed record StorageMigrationTally(int Scanned, int Moved, int AlreadyMoved, IReadOnlyList<string> Conflicts);

/// <summary>
/// Moves every row the engine's earlier grain storage wrote under a key Orleans' Azure Table provider does not read to
/// the key it does: the row is copied whole (its state bytes are the same for both), then the old one is deleted. Safe
/// to run again: a row already copied (the same state under the new key) only has its old copy deleted; a different
/// row under the new key, written since by a host on the new provider, is a conflict left for a person to settle.
/// </summary>
internal sealed class StorageMigration(TableClient table)
{
    public async Task<StorageMigrationTally> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var scanned = 0;
        var moved = 0;
        var alreadyMoved = 0;
        var conflicts = new List<string>();
        var legacy = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            scanned++;
            if (LegacyRowKeys.OfficialKey(row.PartitionKey) is not null || LegacyRowKeys.OfficialKey(row.RowKey) is not null)
            {
                legacy.Add(row);
            }
        }

        foreach (var row in legacy)
        {
            var partitionKey = LegacyRowKeys.OfficialKey(row.PartitionKey) ?? row.PartitionKey;
            var rowKey = LegacyRowKeys.OfficialKey(row.RowKey) ?? row.RowKey;
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
            if (existing.HasValue && !SameState(existing.Value!, row))
            {
                conflicts.Add($"{row.PartitionKey} / {row.RowKey} -> {partitionKey} / {rowKey}");
                continue;
            }

            if (dryRun)
            {
                moved++;
                continue;
            }

            if (existing.HasValue)
            {
                alreadyMoved++;
            }
            else
            {
                var copy = new TableEntity(partitionKey, rowKey);
                foreach (var (name, value) in row.Where(property => IsState(property.Key)))
                {
                    copy[name] = value;
                }

                await table.AddEntityAsync(copy, cancellationToken);
                moved++;
            }

            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
        }

        return new StorageMigrationTally(scanned, moved, alreadyMoved, conflicts);
    }

    /// <summary>The same properties with the same values, apart from the keys and what the service sets (Timestamp, ETag).</summary>
    private static bool SameState(TableEntity a, TableEntity b)
    {
        var names = a.Keys.Concat(b.Keys).Where(IsState).Distinct();
        return names.All(name => a.TryGetValue(name, out var x) && b.TryGetValue(name, out var y) && ValueEquals(x, y));
    }

    private static bool IsState(string name) => name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag");

    private static bool ValueEquals(object? x, object? y) =>
        x is byte[] bx && y is byte[] by ? bx.AsSpan().SequenceEqual(by) :
        x is BinaryData dx && y is BinaryData dy ? dx.ToMemory().Span.SequenceEqual(dy.ToMemory().Span) :
        Equals(x, y);
}
