using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Storage;
using Personalization.Customers;
using Personalization.Diagnostics;
using Personalization.Hosting;
using Personalization.LoadTests.Runner;
using Personalization.Persistence;
using Personalization.Rules;
using Personalization.Segments;

namespace Personalization.LoadTests.Scenarios;

/// <summary>
/// How much managed memory active customers cost, measured where nothing else muddies it: a silo in this process
/// with the engine's grains and in-memory grain storage, the generated catalog, and --customers customers activated
/// through the grain interface, each with a profile and a few events. The managed heap is read after a full,
/// compacting collection before the silo starts, once it runs, and once every customer is active; the figures go to
/// the log and to memory.md beside the reports. Then lookups and events run through the grain interface against
/// that population, with a bare grain call as the baseline.
/// </summary>
public static class MemoryHarness
{
    public static IReadOnlyList<Scenario> Build(ScenarioSetOptions options)
    {
        var silo = new InProcessEngine(options);
        var customers = options.Customers;
        var devices = new[] { "mobile", "desktop", "tablet" };

        Scenario Shape(Scenario scenario) => scenario
            .WithInit(silo.OpenAsync)
            .WithClean(silo.CloseAsync)
            .WithWarmUpDuration(options.WarmUp)
            .WithLoadSimulations(options.Load());

        return
        [
            Shape(Scenario.Create("grain", async ctx =>
            {
                await silo.Grains.GetGrain<IPingGrain>(InProcessEngine.CustomerId(ctx.Random.Next(customers))).PingAsync();
                return Response.Ok();
            })).AsBaseline(),
            Shape(Scenario.Create("lookup", async ctx =>
            {
                var segments = await silo.Grains.GetGrain<ICustomerGrain>(InProcessEngine.CustomerId(ctx.Random.Next(customers))).GetSegmentsAsync();
                return Response.Ok(segments.Length);
            })),
            Shape(Scenario.Create("ingest", async ctx =>
            {
                var customer = ctx.Random.Next(customers);
                var properties = new Dictionary<string, RuleValue>
                {
                    ["category"] = RuleValue.FromString(Population.Categories[ctx.Random.Next(Population.Categories.Length)]),
                    ["device"] = RuleValue.FromString(devices[ctx.Random.Next(devices.Length)]),
                };
                var tracked = new TrackedEvent(new BehaviourEvent("page_view", DateTimeOffset.UtcNow, null, $"s-{customer}", properties));
                var outcome = await silo.Grains.GetGrain<ICustomerGrain>(InProcessEngine.CustomerId(customer)).TrackAsync(tracked);
                return Response.Ok(outcome.Change.Segments.Length);
            })),
        ];
    }
}

/// <summary>The silo of the memory harness, started and filled by the first init and stopped by the last clean.</summary>
internal sealed class InProcessEngine(ScenarioSetOptions options)
{
    // Enough for a steady per-activation figure without doubling a million-customer fill.
    private const int MaxBareActivations = 100_000;

    private readonly SemaphoreSlim gate = new(1, 1);
    private int users;
    private IHost? host;

    public IGrainFactory Grains => host?.Services.GetRequiredService<IGrainFactory>()
        ?? throw new InvalidOperationException("The in-process silo is not running.");

    public static string CustomerId(int index) => "m-" + index.ToString(CultureInfo.InvariantCulture);

    public async Task OpenAsync(ScenarioInitContext context)
    {
        await gate.WaitAsync(context.CancellationToken);
        try
        {
            if (users++ == 0)
            {
                await StartAndFillAsync(context);
            }
        }
        catch
        {
            users--;
            await StopAsync();
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task CloseAsync(ScenarioInitContext context)
    {
        await gate.WaitAsync(context.CancellationToken);
        try
        {
            if (--users == 0)
            {
                await StopAsync();
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// A graceful stop deactivates every customer and writes its state, minutes for a million; the figures are already
    /// taken, so the silo gets a few seconds and is then stopped without that.
    /// </summary>
    private async Task StopAsync()
    {
        if (host is not null)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await host.StopAsync(grace.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            try
            {
                host.Dispose();
            }
            catch (OperationCanceledException)
            {
                // Deactivations cut short by the grace period end this way; their writes were never wanted.
            }

            host = null;
        }
    }

    private async Task StartAndFillAsync(ScenarioInitContext context)
    {
        var empty = FullCollection();
        var catalog = SegmentCatalogs.Generate(options.Segments);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort(), null, options.ServiceId, $"memory-{Guid.NewGuid():N}");
            silo.UseSingleSiloDirectoryCache();
            foreach (var name in new[] { StorageNames.Customers, StorageNames.Catalog, StorageNames.Membership })
            {
                silo.AddMemoryGrainStorage(name);
            }

            // Customers are kept as the embedded default keeps them: in-memory storage, written when an activation ends.
            silo.AddPersonalizationGrains(
                segments => segments.Configure(options => options.Seed = [.. catalog.Select(s => new SegmentDraft(s.Id, s.Name, null, s.Rule))]),
                customers => customers.Configure(options => options.Durability = DurabilityMode.OnDeactivation));

            // On a machine shared with other work a call can wait longer than the default 30 s; the figures are memory,
            // so a slow fill must not fail the run.
            silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromMinutes(10));

            // The figure is of customers that are all active at once. Filling a million takes longer than Orleans'
            // default 15 idle minutes, after which the first ones would be collected and only their stored copy counted.
            silo.Configure<GrainCollectionOptions>(collection => collection.CollectionAge = TimeSpan.FromHours(3));
        });
        host = builder.Build();
        await host.StartAsync(context.CancellationToken);
        var running = FullCollection();

        var started = Stopwatch.GetTimestamp();
        var now = DateTimeOffset.UtcNow;
        var done = 0;
        var count = options.Customers;
        var events = 0L;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = context.CancellationToken }, async (i, _) =>
        {
            var customer = Grains.GetGrain<ICustomerGrain>(CustomerId(i));
            await customer.MergeProfileAsync(Profile(i));
            var history = Population.History(i, now);
            await customer.TrackManyAsync([.. history.Select(e => new TrackedEvent(ToBehaviour(e)))]);
            Interlocked.Add(ref events, history.Count);
            var finished = Interlocked.Increment(ref done);
            if (finished % Math.Max(1, count / 5) == 0)
            {
                context.Log.Info($"memory: {finished} of {count} customers active");
            }
        });
        var activation = Stopwatch.GetElapsedTime(started);
        var active = host.Services.GetRequiredService<ActiveCustomers>().Count;
        var filled = FullCollection();

        var perCustomer = count == 0 ? 0 : (filled.Heap - running.Heap) / (double)count;
        var storedJson = await StoredJsonBytesAsync(Math.Min(count, 200));

        // Orleans' own cost of an activation, measured in the same silo after the customers: the floor under a customer.
        var bare = Math.Min(count, MaxBareActivations);
        await Parallel.ForAsync(0, bare, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = context.CancellationToken }, async (i, _) =>
            await Grains.GetGrain<IBareActivationGrain>(CustomerId(i)).ActivateAsync());
        var withBare = FullCollection();
        var perBareActivation = bare == 0 ? 0 : (withBare.Heap - filled.Heap) / (double)bare;
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Memory of active customers")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} cores; {RuntimeDescription()}")
            .AppendLine()
            .AppendLine("| figure | value |")
            .AppendLine("|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| segments in the catalog | {catalog.Count} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| customers activated (profile of 12 attributes, then their events) | {count:N0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| events recorded | {events:N0} ({(count == 0 ? 0 : events / (double)count):0.00} per customer) |")
            .AppendLine(CultureInfo.InvariantCulture, $"| customer grains active at the end | {active:N0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| time to activate and fill | {activation.TotalSeconds:0.0} s ({count / Math.Max(activation.TotalSeconds, 1e-9):N0} customers/s, two grain calls each) |")
            .AppendLine(CultureInfo.InvariantCulture, $"| managed heap before the silo started | {Mib(empty.Heap)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| managed heap with the silo running, no customers | {Mib(running.Heap)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| managed heap with every customer active | {Mib(filled.Heap)} ({filled.Heap / (double)(1L << 30):0.00} GiB) |")
            .AppendLine(CultureInfo.InvariantCulture, $"| per customer (heap growth / customers) | {perCustomer:N0} bytes |")
            .AppendLine(CultureInfo.InvariantCulture, $"| baseline: per bare grain activation, {bare:N0} activated after the customers (Orleans' own cost of an activation) | {perBareActivation:N0} bytes |")
            .AppendLine(CultureInfo.InvariantCulture, $"| per customer beyond a bare activation (the engine's own) | {perCustomer - perBareActivation:N0} bytes |")
            .AppendLine(CultureInfo.InvariantCulture, $"| stored JSON per customer in the in-memory grain storage while active (mean of {Math.Min(count, 200)}; written when an activation ends) | {storedJson:N0} bytes |")
            .AppendLine(CultureInfo.InvariantCulture, $"| GC heap size incl. fragmentation | {Mib(filled.HeapSize)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| process working set | {Mib(filled.WorkingSet)} |")
            .ToString();
        foreach (var line in report.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| figure", StringComparison.Ordinal)))
        {
            context.Log.Info(line.Trim());
        }

        if (options.OutputFolder is { } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "memory.md"), report, context.CancellationToken);
        }
    }

    /// <summary>The in-memory provider keeps each stored customer's state as its serialized JSON; this is its mean length.</summary>
    private async Task<double> StoredJsonBytesAsync(int sample)
    {
        if (sample == 0)
        {
            return 0;
        }

        var storage = host!.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Customers);
        var total = 0L;
        for (var i = 0; i < sample; i++)
        {
            var state = new GrainState<JsonElement>();
            await storage.ReadStateAsync("customer", GrainId.Create("customer", CustomerId(i)), state);

            // Active customers are written when their activation ends, so while they are active there is normally no row.
            total += state.RecordExists ? Encoding.UTF8.GetByteCount(state.State.GetRawText()) : 0;
        }

        return total / (double)sample;
    }

    private static ImmutableDictionary<string, RuleValue> Profile(int index) =>
        Population.Profile(index).ToImmutableDictionary(a => a.Name, a => a.Value switch
        {
            double number => RuleValue.FromNumber(number),
            bool flag => RuleValue.FromBool(flag),
            DateOnly date => RuleValue.FromDate(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)),
            string[] list => RuleValue.FromStrings(list),
            _ => RuleValue.FromString((string)a.Value),
        }, StringComparer.Ordinal);

    private static BehaviourEvent ToBehaviour(VisitorEvent e)
    {
        var properties = new Dictionary<string, RuleValue>(StringComparer.Ordinal);
        if (e.Category is not null)
        {
            properties["category"] = RuleValue.FromString(e.Category);
        }

        if (e.Device is not null)
        {
            properties["device"] = RuleValue.FromString(e.Device);
        }

        return new BehaviourEvent(e.Type, e.Timestamp, e.Value, e.SessionId, properties);
    }

    /// <summary>Two blocking, compacting full collections (the first runs finalizers that free more), then the heap figures.</summary>
    private static (long Heap, long HeapSize, long WorkingSet) FullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes, process.WorkingSet64);
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):N0} MiB");

    private static string RuntimeDescription() =>
        $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
