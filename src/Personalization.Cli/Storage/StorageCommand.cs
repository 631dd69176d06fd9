using System.CommandLine;
using Azure;
using Azure.Data.Tables;
using Spectre.Console;

namespace Personalization.Cli.Storage;

/// <summary><c>personalization storage migrate</c>: operations on the engine's Azure Table storage itself, not over the API.</summary>
internal sealed class StorageCommand : Command
{
    public StorageCommand(IAnsiConsole console, TextWriter errors)
        : base("storage", "The engine's Azure Table storage, reached directly (stop the engine's hosts first)")
    {
        var connectionString = new Option<string>("--connection-string") { Description = "The storage account's connection string (the hosts' Storage:ConnectionString)", Required = true };
        var tableName = new Option<string>("--table") { Description = "The engine's table (the hosts' Storage:TableName)", DefaultValueFactory = _ => "PersonalizationState" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Count what would move and change nothing" };
        var migrate = new Command(
            "migrate",
            "Move rows the engine's earlier grain storage wrote under keys Orleans' Azure Table provider reads differently (ids with '#', '/', '\\', '?' or '%') to the keys it reads. Run it once, before starting hosts of this version; running it again is harmless.")
        {
            connectionString, tableName, dryRun,
        };
        migrate.SetAction(async (parsed, cancellationToken) =>
        {
            var table = new TableClient(parsed.GetRequiredValue(connectionString), parsed.GetRequiredValue(tableName));
            StorageMigrationTally tally;
            try
            {
                tally = await new StorageMigration(table).RunAsync(parsed.GetValue(dryRun), cancellationToken);
            }
            catch (RequestFailedException e)
            {
                await errors.WriteLineAsync($"Table {table.Name}: {e.Status} {e.ErrorCode ?? e.Message}");
                return 1;
            }

            console.WriteLine(
                $"Table {table.Name}: {tally.Scanned} rows scanned; {tally.Moved} {(parsed.GetValue(dryRun) ? "would move" : "moved")} to the keys Orleans' provider reads, " +
                $"{tally.AlreadyMoved} already there (old copy deleted), {tally.Conflicts.Count} conflicts.");
            foreach (var conflict in tally.Conflicts)
            {
                await errors.WriteLineAsync($"conflict, both rows left as they are: {conflict}");
            }

            return tally.Conflicts.Count == 0 ? 0 : 1;
        });
        Add(migrate);
    }
}
