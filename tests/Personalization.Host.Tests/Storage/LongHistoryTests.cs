using System.Net;
using Azure.Data.Tables;
using Xunit.Abstractions;

namespace Personalization.Host.Tests.Storage;

/// <summary>
/// A customer whose retained history outgrows one Azure Table property (64 KiB, gzipped): Orleans' provider spreads
/// the row over Data, Data1, ..., and the customer reads back whole in a new activation.
/// </summary>
public sealed class LongHistoryTests(AzureTableHostFactory host, ITestOutputHelper output) : IClassFixture<AzureTableHostFactory>
{
    private const int EventTypes = 64;
    private const int EventsPerType = 256;

    [Fact]
    public async Task A_customer_with_a_long_retained_history_is_stored_over_several_properties_and_read_back_whole()
    {
        var client = host.CreateClient();
        var random = new Random(20);
        var events = Enumerable.Range(0, EventTypes * EventsPerType).Select(i => new
        {
            customerId = "long-history-1",
            type = $"browse_{i % EventTypes}",
            sessionId = $"s{i / 500}",
            value = random.Next(1_000_000) / 100.0,
            eventId = $"e{i}",
            properties = new { sku = Convert.ToHexString(BitConverter.GetBytes(random.NextInt64())), page = random.Next(1_000_000) },
        }).ToArray();
        foreach (var batch in events.Chunk(1_000))
        {
            var (response, body) = await client.PostJsonAsync("/v1/events", new { events = batch });
            Assert.True(response.StatusCode == HttpStatusCode.OK, body?.ToJsonString());
        }

        var row = host.Table.Query<TableEntity>(e => e.RowKey == "customer").Single(e => e.PartitionKey.EndsWith("_customer_long-history-1", StringComparison.Ordinal));
        var chunks = row.Keys.Where(key => key.StartsWith("Data", StringComparison.Ordinal)).ToList();
        var stored = chunks.Sum(key => row.GetBinary(key).Length);
        output.WriteLine($"{events.Length} events of {EventTypes} types: {stored:N0} bytes stored in {chunks.Count} properties");
        Assert.True(chunks.Count >= 2, $"{stored} bytes fit one property; the history is not long enough to show the split");
        Assert.Contains("Data1", chunks);

        Assert.Equal(0, (await host.DeactivateEveryCustomerAsync()).Count);
        var customer = await client.GetNodeAsync("/v1/customers/long-history-1");
        var counters = customer["counters"]!.AsObject();
        Assert.Equal(EventTypes, counters.Count);
        for (var type = 0; type < EventTypes; type++)
        {
            var expected = events.Where(e => e.type == $"browse_{type}").ToArray();
            Assert.Equal(expected.Length, counters[$"browse_{type}"]!["count"]!.GetValue<int>());
            Assert.Equal(expected.Sum(e => e.value), counters[$"browse_{type}"]!["sum"]!.GetValue<double>(), 6);
        }

        // The retained events came back too: a redelivered event is still known as a duplicate.
        var (again, answer) = await client.PostJsonAsync("/v1/events", events[^1]);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(answer!["duplicate"]!.GetValue<bool>());
    }
}
