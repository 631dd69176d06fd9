using Personalization.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Personalization.Cluster.Tests;

/// <summary>
/// Three hosts on Redis clustering and Azure Table state (Azurite), each reached through a fault proxy, under a steady
/// load of events with ids while a schedule injects faults: storage outage, slow storage, Redis restart, a host killed
/// (SIGKILL) or frozen (SIGSTOP, then SIGCONT). Clients resend every event not acknowledged, with its id, until one is.
/// Then a checker reads every customer back: every event must count exactly once, and each fault's seconds with errors
/// are printed. The three named schedules run in CI; tests/tools/fault-schedules.sh runs random ones.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FaultScheduleTests(ClusterServers servers, ITestOutputHelper output)
{
    private const int CustomerCount = 150;
    private const double EventsPerSecond = 30;
    private const int Senders = 12;
    private static readonly string[] EventTypes = ["page_view", "add_to_cart", "purchase"];
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long after the load clients may go on resending, and the checker reading, before the test gives up.</summary>
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The CI schedules, or with <c>PERSONALIZATION_FAULT_SEEDS</c> (e.g. <c>1-20</c> or <c>3,7</c>) the random schedules
    /// of those seeds instead.
    /// </summary>
    public static TheoryData<string> Schedules()
    {
        var seeds = Environment.GetEnvironmentVariable("PERSONALIZATION_FAULT_SEEDS");
        var names = string.IsNullOrWhiteSpace(seeds) ? FaultSchedule.InCi : Seeds(seeds).Select(seed => $"random-{seed}");
        var data = new TheoryData<string>();
        foreach (var name in names)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Schedules))]
    public async Task Every_event_counts_exactly_once_after_clients_resend_what_a_fault_left_unacknowledged(string scheduleName)
    {
        var schedule = FaultSchedule.Named(scheduleName);
        output.WriteLine($"schedule {schedule}");
        var redisFiles = Directory.CreateTempSubdirectory("personalization-fault-redis-");
        using var redis = await RedisServer.StartAsync(redisFiles.FullName);
        await using var storageProxy = FaultProxy.Start("azurite", servers.Azurite.Port);
        await using var redisProxy = FaultProxy.Start("redis", redis.Port);
        var cluster = ClusterSettings.Unique(servers) with
        {
            RedisConnectionString = $"127.0.0.1:{redisProxy.Port}",
            StorageConnectionString = servers.Azurite.ConnectionString.Replace($":{servers.Azurite.Port}/", $":{storageProxy.Port}/", StringComparison.Ordinal),
        };
        try
        {
            await using var hosts = new TestCluster(output);
            var started = await hosts.StartAsync(cluster, ["host-a", "host-b", "host-c"], "Storage:Durability=Acknowledged");
            var run = new FaultRun(started, schedule) { AttemptTimeout = AttemptTimeout };
            await hosts.ExplainingFailureAsync(() => RunAsync(run, new Faults(run, storageProxy, redisProxy, redis)));
        }
        finally
        {
            redisFiles.Delete(recursive: true);
        }
    }

    private async Task RunAsync(FaultRun run, Faults faults)
    {
        using var deadline = new CancellationTokenSource(run.Schedule.LoadDuration + Settling);
        var injecting = faults.InjectAsync(deadline.Token);
        var unacknowledged = await SendAllAsync(run, deadline.Token);
        await injecting;
        var counted = await ReadBackAsync(run, deadline.Token);

        var mismatches = run.Mismatches(CustomerId, counted);
        var lost = 0;
        var extra = 0;
        for (var customer = 0; customer < CustomerCount; customer++)
        {
            foreach (var type in EventTypes)
            {
                var difference = counted[customer].GetValueOrDefault(type) - run.Acknowledged(customer, type);
                lost += (int)Math.Max(0, -difference);
                extra += (int)Math.Max(0, difference);
            }
        }

        output.WriteLine(
            $"fault schedule {run.Schedule.Name}: {run.Planned} events, {run.Planned - unacknowledged} acknowledged, {run.Retries} resends, " +
            $"{lost} lost, {extra} counted more than once; seconds with errors: {string.Join("; ", ErrorSeconds(run))}");
        foreach (var failure in run.Failures().Take(10))
        {
            output.WriteLine($"  {failure}");
        }

        Assert.True(unacknowledged == 0, $"{unacknowledged} events were never acknowledged within {Settling.TotalSeconds} s after the load.");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} counters differ from the acknowledged events: {string.Join("; ", mismatches.Take(10))}");
    }

    /// <summary>
    /// Per fault, the whole seconds in which some request was failing (from when it was sent to when it failed: one that
    /// hung until its timeout counts all along), from the fault's start until the next fault's (or the end).
    /// </summary>
    private static IEnumerable<string> ErrorSeconds(FaultRun run)
    {
        var steps = run.Schedule.Steps;
        var seconds = run.Failures().SelectMany(failure => Enumerable.Range((int)failure.Sent.TotalSeconds, (int)failure.At.TotalSeconds - (int)failure.Sent.TotalSeconds + 1)).ToHashSet();
        for (var i = 0; i < steps.Length; i++)
        {
            var from = (int)steps[i].At.TotalSeconds;
            var to = i + 1 < steps.Length ? (int)steps[i + 1].At.TotalSeconds : int.MaxValue;
            yield return $"{steps[i].Kind} {seconds.Count(second => second >= from && second < to)} s";
        }
    }

    private static string CustomerId(int customer) => $"fault-{customer:D3}";

    /// <summary>Sends event i at i / rate, each until a host acknowledges it; returns how many never were.</summary>
    private static async Task<int> SendAllAsync(FaultRun run, CancellationToken deadline)
    {
        var next = -1;
        var unacknowledged = 0;
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(async _ =>
        {
            int slot;
            while ((slot = Interlocked.Increment(ref next)) < run.Planned)
            {
                try
                {
                    var due = TimeSpan.FromSeconds(slot / EventsPerSecond) - run.Clock.Elapsed;
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, deadline);
                    }

                    await SendAsync(run, slot, deadline);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    Interlocked.Increment(ref unacknowledged);
                }
            }
        }));
        return unacknowledged;
    }

    private static Task SendAsync(FaultRun run, int slot, CancellationToken deadline)
    {
        var customer = slot % CustomerCount;
        var type = EventTypes[slot / CustomerCount % EventTypes.Length];
        var eventId = $"{run.Schedule.Name}-{slot}";
        return run.SendUntilAcknowledgedAsync(customer, type, eventId, new { customerId = CustomerId(customer), type, eventId }, deadline);
    }

    /// <summary>Every customer's lifetime counters, read through the hosts still up, each retried until one answers.</summary>
    private static async Task<Dictionary<string, long>[]> ReadBackAsync(FaultRun run, CancellationToken deadline)
    {
        var counters = new Dictionary<string, long>[CustomerCount];
        await Parallel.ForAsync(0, CustomerCount, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = deadline }, async (customer, token) =>
            counters[customer] = await run.ReadCountersAsync(CustomerId(customer), _ => run.NextHost(), token));
        return counters;
    }

    /// <summary>The faults of the schedule, applied on the run's clock.</summary>
    private sealed class Faults(FaultRun run, FaultProxy storage, FaultProxy redisProxy, RedisServer redis)
    {
        public async Task InjectAsync(CancellationToken deadline)
        {
            ClusterHost? frozen = null;
            ClusterHost? killed = null;
            foreach (var step in run.Schedule.Steps)
            {
                await UntilAsync(step.At, deadline);
                switch (step.Kind)
                {
                    case FaultKind.StorageOutage:
                        storage.Blackhole();
                        await UntilAsync(step.End, deadline);
                        storage.Heal();
                        break;
                    case FaultKind.SlowStorage:
                        storage.Slow(step.Delay);
                        await UntilAsync(step.End, deadline);
                        storage.Heal();
                        break;
                    case FaultKind.RedisRestart:
                        redisProxy.ResetAll();
                        await redis.RestartAsync(step.Duration);
                        break;
                    case FaultKind.HostKilled:
                        killed = run.Hosts.Last(host => host != frozen);
                        killed.KillAbruptly();
                        break;
                    case FaultKind.HostFrozen:
                        frozen = run.Hosts.First(host => host != killed);
                        frozen.Process.Freeze();
                        try
                        {
                            await UntilAsync(step.End, deadline);
                        }
                        finally
                        {
                            frozen.Process.Resume();
                        }

                        break;
                }

            }
        }

        private async Task UntilAsync(TimeSpan at, CancellationToken deadline)
        {
            var wait = at - run.Clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, deadline);
            }
        }
    }

    /// <summary>What the load saw (<see cref="ClusterClients"/>) under which schedule.</summary>
    private sealed class FaultRun(ClusterHost[] hosts, FaultSchedule schedule) : ClusterClients(hosts, EventTypes, CustomerCount)
    {
        public FaultSchedule Schedule => schedule;

        public int Planned { get; } = (int)(schedule.LoadDuration.TotalSeconds * EventsPerSecond);
    }

    private static IEnumerable<int> Seeds(string seeds)
    {
        foreach (var part in seeds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-');
            var first = int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
            var last = range.Length > 1 ? int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture) : first;
            for (var seed = first; seed <= last; seed++)
            {
                yield return seed;
            }
        }
    }
}
