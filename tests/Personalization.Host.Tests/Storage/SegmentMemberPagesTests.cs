using System.Diagnostics;
using Azure.Data.Tables;
using Personalization.Membership;
using Xunit.Abstractions;

namespace Personalization.Host.Tests.Storage;

/// <summary>
/// A segment shard's members in pages of rows of their own, on Orleans' Azure Table provider (Azurite): a segment of
/// 10,000,000 customers puts 625,000 in each of its 16 shards, 12 times what one Azure row (1 MiB) holds.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SegmentMemberPagesTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int ShardMembers = 10_000_000 / SegmentMembershipStreams.ShardCount;
    private const int ExportPageSize = 1_000;
    private static readonly GrainId Shard = GrainId.Create("segmentmembershipshard", SegmentMembershipStreams.Key("everyone", 0));

    [Fact]
    public async Task A_shard_of_a_ten_million_member_segment_stores_reads_back_and_exports_every_member_and_a_change_rewrites_one_page()
    {
        var table = EngineStorageHarness.NewTableName();
        var ids = Enumerable.Range(0, ShardMembers).Select(i => $"customer-{(long)i * 7_919 % 100_000_007:D9}").ToArray();
        Random.Shared.Shuffle(ids);
        await using var harness = await EngineStorageHarness.StartAsync(azurite, table);

        var writer = new SegmentShardStore(harness.MembershipStorage, Shard);
        await writer.ReadStateAsync();
        foreach (var id in ids)
        {
            writer.Members.Enter(id, 1, id => id, out _);
        }

        var written = Stopwatch.StartNew();
        await writer.WriteStateAsync();
        written.Stop();

        var rows = await RowsAsync(table);
        var pageRows = rows.Where(row => row.RowKey.StartsWith("segment-members-", StringComparison.Ordinal)).ToList();
        Assert.Equal(writer.Members.Pages.Count + 1, rows.Count);
        Assert.Equal(writer.Members.Pages.Count, pageRows.Count);
        var largestRow = pageRows.Max(StoredBytes);
        output.WriteLine($"{ShardMembers:N0} members in {pageRows.Count} page rows, written in {written.Elapsed.TotalSeconds:F1} s; largest page row {largestRow:N0} bytes stored");

        var reader = new SegmentShardStore(harness.MembershipStorage, Shard);
        var read = Stopwatch.StartNew();
        await reader.ReadStateAsync();
        read.Stop();
        Assert.Equal(ShardMembers, reader.Members.Count);

        // The export, as the API walks it: pages of 1,000 after the last id of the one before.
        var exported = new List<string>(ShardMembers);
        var pageTimes = new List<double>();
        string? after = null;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            var page = reader.Members.After(after, ExportPageSize).ToArray();
            pageTimes.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            if (page.Length == 0)
            {
                break;
            }

            exported.AddRange(page);
            after = page[^1];
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), exported);
        var tenth = pageTimes.Count / 10;
        output.WriteLine(
            $"read back in {read.Elapsed.TotalSeconds:F1} s; exported in {pageTimes.Count - 1} pages of {ExportPageSize}: median µs per page " +
            $"first tenth {Median(pageTimes.Take(tenth)):F0}, middle tenth {Median(pageTimes.Skip(tenth * 5).Take(tenth)):F0}, last tenth {Median(pageTimes.Skip(pageTimes.Count - tenth)):F0}");

        // One member leaves and one arrives: only their pages' rows and the shard's own are written again.
        reader.Members.Exit(ids[0], 2);
        reader.Members.Enter("customer-new", 1, id => id, out _);
        var before = rows.ToDictionary(row => row.RowKey, row => row.ETag);
        await reader.WriteStateAsync();
        var after2 = await RowsAsync(table);
        var rewritten = after2.Where(row => before.GetValueOrDefault(row.RowKey) != row.ETag).Select(row => row.RowKey).ToList();
        Assert.Contains(SegmentShardStore.StateName, rewritten);
        Assert.InRange(rewritten.Count, 2, 3);
    }

    private async Task<List<TableEntity>> RowsAsync(string table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in EngineStorageHarness.Table(azurite, table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    private static int StoredBytes(TableEntity row) =>
        row.Keys.Where(key => key.StartsWith("Data", StringComparison.Ordinal)).Sum(key => row.GetBinary(key).Length);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
