using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Personalization.Cli.Import;
using Personalization.Testing;

namespace Personalization.Cli.Tests;

/// <summary>
/// The Online Retail invoices (../shared/datasets/online-retail/invoices.csv) and what the engine must know about
/// every customer after they are imported, worked out here without the importer's own CSV code.
/// </summary>
internal static class OnlineRetail
{
    public const long Invoices = 18_532;
    public const int Customers = 4_338;

    public static string CsvPath { get; } = RepositoryFiles.Shared(Path.Combine("datasets", "online-retail", "invoices.csv"));

    public sealed record Purchases(long Count, double Sum, DateTimeOffset LastAt);

    /// <summary>Per customer: invoices, their total and the day of the last, from a plain split of each line (the file has no quoted fields).</summary>
    public static IReadOnlyDictionary<string, Purchases> ExpectedPurchases()
    {
        var lines = File.ReadAllLines(CsvPath);
        Assert.Equal("InvoiceNo,InvoiceDate,CustomerID,TotalPrice", lines[0]);
        Assert.DoesNotContain(lines, l => l.Contains('"'));
        var expected = new Dictionary<string, Purchases>();
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            var day = DateTimeOffset.ParseExact(fields[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var total = double.Parse(fields[3], CultureInfo.InvariantCulture);
            expected[fields[2]] = expected.TryGetValue(fields[2], out var p)
                ? new Purchases(p.Count + 1, p.Sum + total, day > p.LastAt ? day : p.LastAt)
                : new Purchases(1, total, day);
        }

        Assert.Equal(Invoices, lines.Length - 1);
        Assert.Equal(Customers, expected.Count);
        return expected;
    }

    public static async Task<ImportSummary> ImportAsync(HttpClient engine, bool withEventIds)
    {
        var columns = new CsvColumns("CustomerID", "InvoiceDate", "TotalPrice", EventId: withEventIds ? "InvoiceNo" : null);
        using var csv = new StreamReader(CsvPath);
        var rows = CsvEventSource.Open(csv, "purchase", columns).Rows();
        return await new EventImporter(engine, new ImportOptions { BatchSize = 1000, Parallelism = 4 }).RunAsync(rows);
    }

    /// <summary>Asks the engine about every customer (several at a time) and returns each disagreement found.</summary>
    public static async Task<List<string>> DisagreementsAsync(HttpClient engine, IReadOnlyDictionary<string, Purchases> expected, Func<string, Purchases, Task<IEnumerable<string>>>? alsoCheck = null)
    {
        var disagreements = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(expected, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (pair, cancellationToken) =>
        {
            var (customerId, want) = pair;
            var customer = await engine.GetFromJsonAsync<JsonObject>($"/v1/customers/{customerId}", cancellationToken);
            var purchases = customer!["counters"]?["purchase"];
            if (purchases is null)
            {
                disagreements.Add($"{customerId}: no purchase counter");
                return;
            }

            var (count, sum, lastAt) = (purchases["count"]!.GetValue<long>(), purchases["sum"]!.GetValue<double>(), purchases["lastAt"]!.GetValue<DateTimeOffset>());
            if (count != want.Count || Math.Abs(sum - want.Sum) > 1e-6 || lastAt != want.LastAt)
            {
                disagreements.Add($"{customerId}: engine says count {count}, sum {sum:R}, last {lastAt:O}; the file says {want.Count}, {want.Sum:R}, {want.LastAt:O}");
            }

            foreach (var more in alsoCheck is null ? [] : await alsoCheck(customerId, want))
            {
                disagreements.Add(more);
            }
        });
        return [.. disagreements.Order()];
    }
}
