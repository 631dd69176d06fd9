using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Personalization.LoadTests.Scenarios;
using Personalization.Testing;
using Xunit.Abstractions;

namespace Personalization.Host.Tests;

/// <summary>
/// The host runs as a process of its own on Azurite in Acknowledged mode and is killed with SIGKILL while clients
/// are sending events. Every event whose request got a 2xx must be in the counters after a restart; resending the
/// unanswered ones with the same event ids must then count each event exactly once.
/// </summary>
public sealed class AcknowledgedDurabilityTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int Customers = 40;
    private const int EventsPerCustomer = 60;

    [Fact]
    public async Task No_acknowledged_event_is_lost_when_the_host_is_killed_and_none_counts_twice()
    {
        var table = $"crash{Guid.NewGuid():N}";
        var settings = EngineStorageSettings.OnAzurite(azurite, table).AsArguments();
        var logDirectory = Path.Combine(Path.GetTempPath(), table);
        var acknowledged = new ConcurrentDictionary<string, bool>();
        var sent = Enumerable.Range(0, Customers)
            .SelectMany(c => Enumerable.Range(0, EventsPerCustomer).Select(e => (Customer: $"crash-{c}", EventId: $"crash-{c}-{e}")))
            .ToArray();

        await using (var first = await HostProcess.StartAsync(BuiltPrograms.HostDll, settings, Path.Combine(logDirectory, "first.log"), TimeSpan.FromMinutes(2), CancellationToken.None))
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            using var stop = new CancellationTokenSource();
            var queue = new ConcurrentQueue<(string Customer, string EventId)>(sent);
            var senders = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested && queue.TryDequeue(out var next))
                {
                    try
                    {
                        using var response = await http.PostAsJsonAsync("/v1/events", new { customerId = next.Customer, type = "purchase", value = 1, eventId = next.EventId }, stop.Token);
                        if (response.IsSuccessStatusCode)
                        {
                            acknowledged[next.EventId] = true;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // The host died under this request: it was never acknowledged.
                    }
                }
            })).ToArray();

            // Kill mid-stream: once a good share is acknowledged, while requests are still in flight.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (acknowledged.Count < sent.Length / 3 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            first.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }

        Assert.InRange(acknowledged.Count, 1, sent.Length - 1);
        await using var second = await HostProcess.StartAsync(BuiltPrograms.HostDll, settings, Path.Combine(logDirectory, "second.log"), TimeSpan.FromMinutes(2), CancellationToken.None);
        using var client = new HttpClient { BaseAddress = second.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var lostAcknowledged = 0;
        foreach (var customer in sent.Select(s => s.Customer).Distinct())
        {
            var acked = sent.Count(s => s.Customer == customer && acknowledged.ContainsKey(s.EventId));
            var counted = await PurchaseCount(client, customer);
            Assert.InRange(counted, 0, EventsPerCustomer);
            lostAcknowledged += (int)Math.Max(0, acked - counted);
        }

        Assert.Equal(0, lostAcknowledged);

        foreach (var (customer, eventId) in sent.Where(s => !acknowledged.ContainsKey(s.EventId)))
        {
            var response = await client.PostAsJsonAsync("/v1/events", new { customerId = customer, type = "purchase", value = 1, eventId });
            response.EnsureSuccessStatusCode();
        }

        foreach (var customer in sent.Select(s => s.Customer).Distinct())
        {
            Assert.Equal(EventsPerCustomer, await PurchaseCount(client, customer));
        }

        output.WriteLine($"{acknowledged.Count} of {sent.Length} events acknowledged before the kill; all of them survived, and resending the rest counted each event once.");
    }

    private static async Task<long> PurchaseCount(HttpClient client, string customer)
    {
        var body = await client.GetFromJsonAsync<JsonNode>($"/v1/customers/{customer}");
        return body!["counters"]?["purchase"]?["count"]?.GetValue<long>() ?? 0;
    }
}
