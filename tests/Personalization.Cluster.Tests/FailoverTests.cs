using Personalization.Cluster.Tests.Infrastructure;
using Personalization.Diagnostics;
using Xunit.Abstractions;

namespace Personalization.Cluster.Tests;

/// <summary>
/// Three hosts clustered over Redis or over Azure Table storage, with Azure Table state (Azurite); one is killed with SIGKILL while events and
/// lookups flow. The engine promises that a 2xx on an event means it is stored, so nothing acknowledged may be lost,
/// and that the survivors take over every customer after a bounded disruption.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FailoverTests(ClusterServers servers, ITestOutputHelper output)
{
    private const int CustomerCount = 500;
    private const double EventsPerSecond = 150;
    private const int Senders = 16;
    private const int LookupLoops = 4;

    /// <summary>Each customer's events, in order: 3,000 in all, so the load runs for about 20 s at the paced rate.</summary>
    private static readonly string[] CustomerEventTypes = ["page_view", "page_view", "add_to_cart", "page_view", "add_to_cart", "purchase"];

    private static readonly string[] EventTypes = [.. CustomerEventTypes.Distinct()];

    private static readonly TimeSpan MaxErrorWindow = TimeSpan.FromSeconds(60);
    // Generous: on a 2-core machine at a load average of 50 or more, the survivors took over two minutes to declare the
    // killed host dead, and the load and the sweep wait for that; the error window has its own bound.
    private static readonly TimeSpan LoadDeadline = TimeSpan.FromSeconds(300);

    private static readonly string[] EngineMetrics =
    [
        "personalization_events_ingested_total",
        "personalization_segment_lookup_duration_milliseconds_count",
        "personalization_segment_entries_total",
        "personalization_storage_write_duration_milliseconds_count",
        "personalization_customers_active",
    ];

    [Theory]
    [InlineData("Redis")]
    [InlineData("AzureTable")]
    public async Task A_silo_killed_mid_load_loses_no_acknowledged_event_and_the_survivors_answer_for_every_customer(string clustering)
    {
        await using var cluster = new TestCluster(output);
        string[] settings = ["Storage:Durability=Acknowledged", .. ClusteringSettings(clustering), .. ExtraSettings()];
        output.WriteLine($"host settings beyond the cluster's: {string.Join(", ", settings)}");
        var hosts = await cluster.StartAsync(servers, ["host-a", "host-b", "host-c"], settings);
        var victim = hosts[1];
        ClusterHost[] survivors = [hosts[0], hosts[2]];
        await cluster.ExplainingFailureAsync(() => RunAsync(new LoadRun(hosts, victim), victim, survivors));
    }

    /// <summary>Membership in the run's Redis (the cluster's default settings) or in a table of the run's Azurite.</summary>
    private string[] ClusteringSettings(string clustering) => clustering == "AzureTable"
        ? ["Clustering:Provider=AzureTable", $"Clustering:ConnectionString={servers.Azurite.ConnectionString}"]
        : [];

    private async Task RunAsync(LoadRun run, ClusterHost victim, ClusterHost[] survivors)
    {
        var plan = Plan();
        using var deadline = new CancellationTokenSource(LoadDeadline);
        using var loadFinished = new CancellationTokenSource();
        var lookups = Enumerable.Range(0, LookupLoops).Select(seed => LookUpUntilAsync(run, seed, loadFinished.Token)).ToArray();
        var kill = KillAtAThirdAsync(run, victim, plan.Count, deadline.Token);
        var sent = SendAllAsync(run, plan, deadline.Token);

        var scrapes = await kill;
        var unacknowledged = await sent;
        await loadFinished.CancelAsync();
        await Task.WhenAll(lookups);
        var snapshots = await SweepAsync(run, survivors, deadline.Token);
        var survivorsActive = 0.0;
        foreach (var survivor in survivors)
        {
            survivorsActive += (await PrometheusText.ScrapeAsync(survivor.Http)).Total("personalization_customers_active");
        }

        Report(run, plan.Count, unacknowledged, survivorsActive);

        Assert.True(unacknowledged == 0, $"{unacknowledged} events were never acknowledged within {LoadDeadline.TotalSeconds} s.");
        foreach (var (host, samples) in scrapes)
        {
            foreach (var name in EngineMetrics)
            {
                Assert.True(samples.Any(s => s.Name == name), $"{host} /metrics has no {name} during the load.");
            }

            Assert.True(samples.Total("personalization_events_ingested_total") > 0, $"{host} ingested nothing before the kill.");
            Assert.True(samples.Total("personalization_storage_write_duration_milliseconds_count") > 0, $"{host} wrote nothing before the kill.");
        }

        // Customers must have lived on the victim, or the kill would move no state and prove nothing.
        Assert.True(scrapes[victim.Name].Total("personalization_customers_active") > 0, $"{victim.Name} held no customers when it was killed.");
        Assert.True(survivorsActive >= CustomerCount, $"The survivors hold {survivorsActive} active customers after the sweep, not all {CustomerCount}.");

        var beforeKill = run.Failures().Where(f => f.At < run.KilledAt).ToList();
        Assert.True(beforeKill.Count == 0, $"Failures before the kill: {string.Join("; ", beforeKill.Take(5))}");
        var window = run.ErrorWindow();
        Assert.True(window < MaxErrorWindow, $"Survivors failed requests for {window.TotalSeconds:0.0} s after the kill, more than {MaxErrorWindow.TotalSeconds} s.");

        var mismatches = run.Mismatches(CustomerId, snapshots);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} counters differ from the acknowledged events: {string.Join("; ", mismatches.Take(10))}");
    }

    private void Report(LoadRun run, int planned, int unacknowledged, double survivorsActive)
    {
        var failures = run.SurvivorFailures();
        output.WriteLine($"events: {planned} planned, {planned - unacknowledged} acknowledged, {run.Retries} retries; lookups: {run.Lookups} answered");
        output.WriteLine($"killed {run.VictimName} at {run.KilledAt.TotalSeconds:0.0} s; load ended at {run.Clock.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine($"survivor failures: {failures.Count} ({string.Join(", ", failures.GroupBy(f => f.Operation).Select(g => $"{g.Key} {g.Count()}"))})");
        output.WriteLine($"error window after the kill: {run.ErrorWindow().TotalSeconds:0.0} s (bound {MaxErrorWindow.TotalSeconds} s)");
        output.WriteLine($"customers active on the survivors after the sweep: {survivorsActive}");
        foreach (var failure in failures.Take(10))
        {
            output.WriteLine($"  {failure}");
        }
    }

    private static string CustomerId(int customer) => $"failover-{customer:D4}";

    /// <summary>
    /// Host settings to repeat the test under (tests/tools/repeat-failover.sh passes them on), as <c>key=value</c>
    /// separated by ';' in <c>PERSONALIZATION_FAILOVER_SETTINGS</c>; none in a plain run.
    /// </summary>
    private static string[] ExtraSettings() =>
        Environment.GetEnvironmentVariable("PERSONALIZATION_FAILOVER_SETTINGS")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    private static List<PlannedEvent> Plan()
    {
        var plan = new List<PlannedEvent>();
        for (var customer = 0; customer < CustomerCount; customer++)
        {
            for (var index = 0; index < CustomerEventTypes.Length; index++)
            {
                plan.Add(new PlannedEvent(customer, CustomerEventTypes[index], $"failover-{customer:D4}-{index}"));
            }
        }

        // Interleaved customers, as on a real site; each customer's own events may arrive in any order, which counts allow.
        var random = new Random(42);
        return [.. plan.OrderBy(_ => random.Next())];
    }

    /// <summary>Sends every planned event at the paced rate; each is retried with its own event id until a host acknowledges it.</summary>
    private static async Task<int> SendAllAsync(LoadRun run, List<PlannedEvent> plan, CancellationToken deadline)
    {
        var next = -1;
        var unacknowledged = 0;
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(async _ =>
        {
            int slot;
            while ((slot = Interlocked.Increment(ref next)) < plan.Count)
            {
                var due = TimeSpan.FromSeconds(slot / EventsPerSecond) - run.Clock.Elapsed;
                try
                {
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, deadline);
                    }

                    await SendAsync(run, plan[slot], deadline);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    Interlocked.Increment(ref unacknowledged);
                }
            }
        }));
        return unacknowledged;
    }

    private static Task SendAsync(LoadRun run, PlannedEvent planned, CancellationToken deadline) =>
        run.SendUntilAcknowledgedAsync(planned.Customer, planned.Type, planned.EventId, new
        {
            customerId = CustomerId(planned.Customer),
            type = planned.Type,
            sessionId = $"session-{planned.Customer}",
            value = planned.Type == "purchase" ? 120.0 : (double?)null,
            eventId = planned.EventId,
        }, deadline);

    /// <summary>Front-end lookups of random customers, round robin over the hosts still believed up.</summary>
    private static async Task LookUpUntilAsync(LoadRun run, int seed, CancellationToken loadFinished)
    {
        var random = new Random(seed);
        while (!loadFinished.IsCancellationRequested)
        {
            var host = run.NextHost();
            try
            {
                using var response = await host.Http.GetAsync($"/v1/customers/{CustomerId(random.Next(CustomerCount))}/segments", loadFinished);
                if (response.IsSuccessStatusCode)
                {
                    run.LookedUp();
                }
                else
                {
                    run.Fail(host, "lookup", $"HTTP {(int)response.StatusCode}");
                }

                await Task.Delay(20, loadFinished);
            }
            catch (OperationCanceledException) when (loadFinished.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (ClusterClients.IsRequestFailure(exception))
            {
                run.Fail(host, "lookup", exception);
            }
        }
    }

    /// <summary>Once a third of the events are acknowledged: scrapes every host's metrics, then kills the victim.</summary>
    private static async Task<Dictionary<string, IReadOnlyList<MetricSample>>> KillAtAThirdAsync(LoadRun run, ClusterHost victim, int planned, CancellationToken deadline)
    {
        while (run.AcknowledgedTotal < planned / 3)
        {
            await Task.Delay(50, deadline);
        }

        var scrapes = new Dictionary<string, IReadOnlyList<MetricSample>>();
        foreach (var host in run.Hosts)
        {
            scrapes[host.Name] = await PrometheusText.ScrapeAsync(host.Http);
        }

        // The kill instant is when the signal is sent: requests in flight to the victim fail from then on.
        run.MarkKilled();
        victim.KillAbruptly();
        return scrapes;
    }

    /// <summary>Every customer's lifetime counters, read through the survivors, retried (and logged as failures) until they answer.</summary>
    private static async Task<Dictionary<string, long>[]> SweepAsync(LoadRun run, ClusterHost[] survivors, CancellationToken deadline)
    {
        var counters = new Dictionary<string, long>[CustomerCount];
        await Parallel.ForAsync(0, CustomerCount, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = deadline }, async (customer, token) =>
            counters[customer] = await run.ReadCountersAsync(CustomerId(customer), attempt => survivors[(customer + attempt) % survivors.Length], token));
        return counters;
    }

    private sealed record PlannedEvent(int Customer, string Type, string EventId);

    /// <summary>What the load saw (<see cref="ClusterClients"/>) and when the victim was killed.</summary>
    private sealed class LoadRun(ClusterHost[] hosts, ClusterHost victim) : ClusterClients(hosts, EventTypes, CustomerCount)
    {
        private int lookups;
        private long killedAtTicks = long.MaxValue;

        public string VictimName => victim.Name;

        public int Lookups => Volatile.Read(ref lookups);

        public TimeSpan KilledAt => TimeSpan.FromTicks(Interlocked.Read(ref killedAtTicks));

        public void LookedUp() => Interlocked.Increment(ref lookups);

        public void MarkKilled() => Interlocked.Exchange(ref killedAtTicks, Clock.Elapsed.Ticks);

        public List<ClientFailure> SurvivorFailures() => [.. Failures().Where(f => f.Host != victim.Name)];

        /// <summary>From the kill to the last failure a survivor answered; zero when the survivors never failed.</summary>
        public TimeSpan ErrorWindow()
        {
            var last = SurvivorFailures().LastOrDefault();
            return last is null || last.At < KilledAt ? TimeSpan.Zero : last.At - KilledAt;
        }
    }
}
