using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Personalization.Cli.Storage;
using Personalization.Testing;

namespace Personalization.Cli.Tests;

/// <summary>
/// <c>personalization storage migrate</c>: rows the engine's earlier grain storage wrote under percent-escaped keys
/// (a segment shard "new-visitor#3" as "…_new-visitor%233") move to the keys Orleans' Azure Table provider reads
/// ("…_new-visitor_3"), so an engine on the official provider finds them.
/// </summary>
public sealed partial class StorageMigrateCommandTests(EngineFactory engine) : IClassFixture<EngineFactory>, IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();

    public Task InitializeAsync() => azurite.InitializeAsync();

    public Task DisposeAsync() => azurite.DisposeAsync();

    [Theory]
    [InlineData("personalization_segmentmembershipshard_high-value%2310", "personalization_segmentmembershipshard_high-value_10")]
    [InlineData("svc_customer_a%2Fb%3Fc%5Cd", "svc_customer_a_b_c_d")]
    [InlineData("svc_customer_100%25", "svc_customer_100%")]
    [InlineData("svc_customer_alice", null)]
    [InlineData("svc_customer_odd%2", null)]
    public void A_legacy_key_maps_to_the_official_providers_key_and_a_key_without_an_escape_stays(string legacy, string? official) =>
        Assert.Equal(official, LegacyRowKeys.OfficialKey(legacy));

    [Fact]
    public async Task Segment_member_rows_written_under_legacy_keys_move_and_an_engine_on_the_official_provider_reads_them_after()
    {
        var tableName = $"migrate{Guid.NewGuid():N}";
        var table = new TableClient(azurite.ConnectionString, tableName);
        string[] customers = [.. Enumerable.Range(0, 20).Select(i => $"migrated-{i}")];
        await using (var first = OnAzurite(tableName))
        {
            var http = first.CreateClient();
            foreach (var customer in customers)
            {
                (await http.PostAsJsonAsync("/v1/events", new { customerId = customer, type = "page_view", sessionId = "s1" })).EnsureSuccessStatusCode();
            }

            Assert.Equal(customers.Order(StringComparer.Ordinal), (await MembersAsync(http, "new-visitor", customers.Length)).Order(StringComparer.Ordinal));
        }

        // The state is the same bytes under either provider; only the shard rows' keys differ. Put them where the
        // earlier storage kept them.
        var shardRows = 0;
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            if (ShardPartition().Match(row.PartitionKey) is { Success: true } shard)
            {
                var legacy = new TableEntity(row) { PartitionKey = $"{shard.Groups["prefix"].Value}%23{shard.Groups["shard"].Value}" };
                legacy.Remove("odata.etag");
                legacy.Remove("Timestamp");
                await table.AddEntityAsync(legacy);
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
                shardRows++;
            }
        }

        Assert.True(shardRows > 0, "the engine wrote no segment shard rows");
        await using (var unmigrated = OnAzurite(tableName))
        {
            Assert.Empty(await MembersAsync(unmigrated.CreateClient(), "new-visitor", 0));
        }

        var (migrated, output, errors) = await RunAsync("storage", "migrate", "--connection-string", azurite.ConnectionString, "--table", tableName);
        var (again, againOutput, _) = await RunAsync("storage", "migrate", "--connection-string", azurite.ConnectionString, "--table", tableName);

        Assert.True(migrated == 0, errors);
        Assert.Contains($"{shardRows} moved", output);
        Assert.Equal(0, again);
        Assert.Contains("0 moved", againOutput);
        await using var second = OnAzurite(tableName);
        Assert.Equal(customers.Order(StringComparer.Ordinal), (await MembersAsync(second.CreateClient(), "new-visitor", customers.Length)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_legacy_row_whose_new_key_holds_other_state_is_a_conflict_and_both_rows_stay()
    {
        var table = new TableClient(azurite.ConnectionString, $"conflict{Guid.NewGuid():N}");
        await table.CreateAsync();
        await table.AddEntityAsync(new TableEntity("svc_shard_a%231", "state") { ["Data"] = new byte[] { 1 } });
        await table.AddEntityAsync(new TableEntity("svc_shard_a_1", "state") { ["Data"] = new byte[] { 2 } });
        await table.AddEntityAsync(new TableEntity("svc_shard_b%232", "state") { ["Data"] = new byte[] { 3 } });

        var (exitCode, output, errors) = await RunAsync("storage", "migrate", "--connection-string", azurite.ConnectionString, "--table", table.Name);

        Assert.Equal(1, exitCode);
        Assert.Contains("1 moved", output);
        Assert.Contains("1 conflicts", output);
        Assert.Contains("svc_shard_a%231 / state -> svc_shard_a_1 / state", errors);
        var rows = table.Query<TableEntity>().ToDictionary(row => row.PartitionKey, row => row.GetBinary("Data")[0]);
        Assert.Equal(new Dictionary<string, byte> { ["svc_shard_a%231"] = 1, ["svc_shard_a_1"] = 2, ["svc_shard_b_2"] = 3 }, rows);
    }

    private WebApplicationFactory<Program> OnAzurite(string tableName) => engine.WithWebHostBuilder(web =>
    {
        foreach (var (key, value) in EngineStorageSettings.OnAzurite(azurite, tableName))
        {
            web.UseSetting(key, value);
        }

        web.UseSetting("Segments:LoadExamples", "true");
        web.UseSetting("Orleans:ClusterId", $"cli-test-{Guid.NewGuid():N}");
    });

    /// <summary>The segment's members once there are <paramref name="expected"/> of them, or as they are after ten seconds.</summary>
    private static async Task<string[]> MembersAsync(HttpClient http, string segmentId, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var page = await http.GetFromJsonAsync<JsonObject>($"/v1/segments/{segmentId}/members?limit=1000");
            var members = page!["members"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray();
            if (members.Length == expected || DateTime.UtcNow > deadline)
            {
                return members;
            }

            await Task.Delay(100);
        }
    }

    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] args)
    {
        var session = new CommandSession(engine);
        var exitCode = await session.RunAsync(false, args);
        return (exitCode, session.Output, session.Errors);
    }

    [GeneratedRegex("^(?<prefix>.+_new-visitor)_(?<shard>[0-9]+)$")]
    private static partial Regex ShardPartition();
}
