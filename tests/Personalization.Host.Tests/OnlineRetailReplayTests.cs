using Personalization.Testing;
using System.Globalization;

namespace Personalization.Host.Tests;

/// <summary>
/// Replays the Online Retail invoices (one purchase per invoice) through the batch API and checks every
/// customer's counters and segments against values computed here, independently of the engine.
/// </summary>
public sealed class OnlineRetailReplayTests(OnlineRetailHostFactory host) : IClassFixture<OnlineRetailHostFactory>
{
    private readonly HttpClient client = host.CreateClient();

    private sealed record Invoice(string CustomerId, DateTimeOffset Date, double Total);

    private sealed class Expected
    {
        public long Count;
        public double Sum;
        public DateTimeOffset Last = DateTimeOffset.MinValue;
    }

    [Fact]
    public async Task Every_customers_counters_and_segments_match_an_independent_computation()
    {
        var invoices = ReadInvoices();
        Assert.Equal(18532, invoices.Count);
        await DefineSegment("loyal", "count(purchase) >= 10");
        await DefineSegment("big-spender", "sum(purchase.value) >= 5000");
        await DefineSegment("recent", "days_since(purchase) <= 30");
        await DefineSegment("uk-loyal-recent", "count(purchase) >= 10 and days_since(purchase) <= 30 and avg(purchase.value) between 100 and 10000");

        foreach (var chunk in invoices.Chunk(1000))
        {
            var events = chunk.Select(i => new { customerId = i.CustomerId, type = "purchase", value = i.Total, timestamp = i.Date });
            var (_, body) = await client.PostJsonAsync("/v1/events", new { events });
            Assert.Equal(chunk.Length, body!["accepted"]!.GetValue<int>());
        }

        var now = host.Clock.GetUtcNow();
        var expected = new Dictionary<string, Expected>();
        foreach (var invoice in invoices)
        {
            var e = expected.TryGetValue(invoice.CustomerId, out var found) ? found : expected[invoice.CustomerId] = new Expected();
            e.Count++;
            e.Sum += invoice.Total;
            e.Last = invoice.Date > e.Last ? invoice.Date : e.Last;
        }

        Assert.Equal(4338, expected.Count);
        var memberCounts = new Dictionary<string, int>();
        foreach (var (customerId, e) in expected)
        {
            var customer = await client.GetNodeAsync($"/v1/customers/{customerId}");
            var purchases = customer["counters"]!["purchase"]!;
            Assert.Equal(e.Count, purchases["count"]!.GetValue<long>());
            Assert.Equal(e.Sum, purchases["sum"]!.GetValue<double>(), 6);
            Assert.Equal(e.Last, purchases["lastAt"]!.GetValue<DateTimeOffset>());

            var daysSince = Math.Floor((now - e.Last).TotalDays);
            var average = e.Sum / e.Count;
            var want = new List<string>();
            if (e.Count >= 10 && daysSince <= 30 && average is >= 100 and <= 10000) want.Add("uk-loyal-recent");
            if (e.Sum >= 5000) want.Add("big-spender");
            if (e.Count >= 10) want.Add("loyal");
            if (daysSince <= 30) want.Add("recent");
            var segments = customer["segments"].Strings();
            Assert.True(want.Order().SequenceEqual(segments.Order()),
                $"customer {customerId}: expected [{string.Join(",", want.Order())}] but the engine says [{string.Join(",", segments.Order())}]");
            foreach (var segment in want)
            {
                memberCounts[segment] = memberCounts.GetValueOrDefault(segment) + 1;
            }
        }

        // Each segment must actually discriminate, or the comparison above would prove little.
        Assert.All(new[] { "loyal", "big-spender", "recent", "uk-loyal-recent" }, s => Assert.InRange(memberCounts.GetValueOrDefault(s), 1, expected.Count - 1));
    }

    private async Task DefineSegment(string id, string rule)
    {
        var (response, _) = await client.SendJsonAsync(HttpMethod.Put, $"/v1/segments/{id}",
            System.Text.Json.JsonSerializer.Serialize(new { name = id, rule }));
        response.EnsureSuccessStatusCode();
    }

    private static List<Invoice> ReadInvoices()
    {
        var path = RepositoryFiles.Shared("datasets/online-retail/invoices.csv");
        return File.ReadLines(path).Skip(1).Select(line => line.Split(',')).Select(fields => new Invoice(
            fields[2],
            new DateTimeOffset(DateTime.ParseExact(fields[1], "yyyy-MM-dd", CultureInfo.InvariantCulture), TimeSpan.Zero),
            double.Parse(fields[3], CultureInfo.InvariantCulture))).ToList();
    }
}
