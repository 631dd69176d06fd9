using System.Globalization;
using Personalization.Testing;

namespace Personalization.Host.Tests;

/// <summary>
/// The Online Retail invoices replayed twice into one engine: once under each customer's own id, and once with each
/// customer's first half of invoices under an anonymous id, identified by the second half's events (anonymousId on
/// the event). Every customer's counters and segments must come out the same both ways.
/// </summary>
public sealed class OnlineRetailIdentityReplayTests(OnlineRetailHostFactory host) : IClassFixture<OnlineRetailHostFactory>
{
    private readonly HttpClient client = host.CreateClient();

    [Fact]
    public async Task Customers_identified_half_way_equal_customers_tracked_under_one_id()
    {
        foreach (var (id, rule) in new[]
        {
            ("loyal", "count(purchase) >= 10"),
            ("big-spender", "sum(purchase.value) >= 5000"),
            ("recent", "days_since(purchase) <= 30"),
            ("steady", "count(purchase, 90d) >= 3 and avg(purchase.value) between 100 and 10000"),
            ("long-standing", "days_since_first_seen >= 300"),
        })
        {
            var (response, _) = await client.SendJsonAsync(HttpMethod.Put, $"/v1/segments/{id}", System.Text.Json.JsonSerializer.Serialize(new { name = id, rule }));
            response.EnsureSuccessStatusCode();
        }

        var lines = File.ReadLines(RepositoryFiles.Shared("datasets/online-retail/invoices.csv")).Skip(1).Select(line => line.Split(',')).ToList();
        var invoices = lines.Select(f => (Customer: f[2], Date: new DateTimeOffset(DateTime.ParseExact(f[1], "yyyy-MM-dd", CultureInfo.InvariantCulture), TimeSpan.Zero), Total: double.Parse(f[3], CultureInfo.InvariantCulture))).ToList();
        var byCustomer = invoices.GroupBy(i => i.Customer).ToDictionary(g => g.Key, g => g.OrderBy(i => i.Date).ToList());

        // One id per customer, as the plain replay sends them.
        await SendAsync(invoices.Select(i => (object)new { customerId = $"one-{i.Customer}", type = "purchase", value = i.Total, timestamp = i.Date }));

        // The first half anonymously, then the second half under the customer's id naming the anonymous one.
        await SendAsync(byCustomer.SelectMany(c => c.Value.Take(c.Value.Count / 2)
            .Select(i => (object)new { customerId = $"anon-{c.Key}", type = "purchase", value = i.Total, timestamp = i.Date })));
        await SendAsync(byCustomer.SelectMany(c => c.Value.Skip(c.Value.Count / 2)
            .Select(i => (object)new { customerId = $"known-{c.Key}", anonymousId = $"anon-{c.Key}", type = "purchase", value = i.Total, timestamp = i.Date })));

        var members = 0;
        foreach (var customer in byCustomer.Keys)
        {
            var oneId = await client.GetNodeAsync($"/v1/customers/one-{customer}");
            var identified = await client.GetNodeAsync($"/v1/customers/anon-{customer}");
            Assert.Equal($"known-{customer}", identified["customerId"]!.GetValue<string>());
            Assert.Equal(oneId["counters"]!.ToJsonString(), identified["counters"]!.ToJsonString());
            Assert.Equal(oneId["firstSeen"]!.ToJsonString(), identified["firstSeen"]!.ToJsonString());
            Assert.Equal(oneId["segments"].Strings().Order(), identified["segments"].Strings().Order());
            members += oneId["segments"].Strings().Length;
        }

        Assert.InRange(members, 1, byCustomer.Count * 5 - 1);
    }

    private async Task SendAsync(IEnumerable<object> events)
    {
        foreach (var chunk in events.Chunk(1000))
        {
            var (_, body) = await client.PostJsonAsync("/v1/events", new { events = chunk });
            Assert.Equal(chunk.Length, body!["accepted"]!.GetValue<int>());
        }
    }
}
