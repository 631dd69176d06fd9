using System.Globalization;
using System.Text.Json;
using Personalization.Customers;
using Personalization.Diagnostics;
using Personalization.LoadTests.Runner;
using Personalization.Rules;

namespace Personalization.LoadTests.Scenarios;

/// <summary>
/// The scenario sets against a running engine. Every set has the HTTP no-op endpoint as its baseline (and most the
/// bare grain call behind HTTP), so its figures are ratios to what this machine does with no engine work at all.
/// </summary>
public static partial class EngineSets
{
    private static readonly string[] Devices = ["mobile", "desktop", "tablet"];

    public static IReadOnlyList<Scenario> Lookup(ScenarioSetOptions options)
    {
        var engine = new Engine(options, withOrleans: true);
        var customers = options.Customers;
        List<Scenario> scenarios =
        [
            Noop(engine),
            BareGrain(engine),
            EngineScenario(engine, "lookup", withVisitors: true, ctx => LookupAsync(engine, ctx, Population.VisitorId)),

            // The same visitors asked for by the anonymous ids identified as theirs: the alias hop is the ratio to lookup.
            EngineScenario(engine, "lookup-alias", withVisitors: true, ctx => LookupAsync(engine, ctx, Population.AliasId), prepare: engine.EnsureAliasesAsync)
                .CompareWith("lookup"),
        ];
        if (engine.HasOrleans)
        {
            scenarios.Add(EngineScenario(engine, "grain-orleans", withVisitors: true, async ctx =>
            {
                await engine.Orleans.GetGrain<IPingGrain>(Population.VisitorId(ctx.Random.Next(customers))).PingAsync();
                return Response.Ok();
            }));
            scenarios.Add(EngineScenario(engine, "lookup-orleans", withVisitors: true, async ctx =>
            {
                var segments = await engine.Orleans.GetGrain<ICustomerGrain>(Population.VisitorId(ctx.Random.Next(customers))).GetSegmentsAsync();
                return Response.Ok(segments.Length);
            }));
        }

        return scenarios;
    }

    public static IReadOnlyList<Scenario> Ingest(ScenarioSetOptions options)
    {
        var engine = new Engine(options, withOrleans: true);
        var customers = options.Customers;
        List<Scenario> scenarios =
        [
            Noop(engine),
            BareGrain(engine),

            // The same event posted to a no-op that reads and drops it: what the HTTP stack alone does with a body.
            EngineScenario(engine, "noop-post", withVisitors: false, async ctx =>
            {
                using var content = EventJson.Content(json => PageView(json, ctx.Random.Next(customers), ctx.Random));
                return await Check(engine.Http.PostAsync("/baseline/noop", content, ctx.CancellationToken));
            }),
            EngineScenario(engine, "ingest", withVisitors: true, ctx => IngestAsync(engine, ctx)),
        ];
        if (engine.HasOrleans)
        {
            scenarios.Add(EngineScenario(engine, "ingest-orleans", withVisitors: true, async ctx =>
            {
                var visitor = ctx.Random.Next(customers);
                var properties = new Dictionary<string, RuleValue>
                {
                    ["category"] = RuleValue.FromString(Population.Categories[ctx.Random.Next(Population.Categories.Length)]),
                    ["device"] = RuleValue.FromString(Devices[ctx.Random.Next(Devices.Length)]),
                };
                var tracked = new TrackedEvent(new BehaviourEvent("page_view", DateTimeOffset.UtcNow, null, $"s-{visitor}", properties));
                var outcome = await engine.Orleans.GetGrain<ICustomerGrain>(Population.VisitorId(visitor)).TrackAsync(tracked);
                return Response.Ok(outcome.Change.Segments.Length);
            }));
        }

        return scenarios;
    }

    /// <summary>Visitors per request in <c>batch-grouped</c>, as an SDK's or importer's buffer holds a few visitors' events.</summary>
    public const int VisitorsPerGroupedBatch = 50;

    /// <summary>
    /// <c>batch</c>: every event of a request is a uniformly drawn visitor, so nearly every event is a customer of its
    /// own. <c>batch-grouped</c>: the same events for <see cref="VisitorsPerGroupedBatch"/> visitors, consecutive per
    /// visitor, as clients that buffer per visitor send them.
    /// </summary>
    public static IReadOnlyList<Scenario> Batch(ScenarioSetOptions options)
    {
        var engine = new Engine(options, withOrleans: false);
        var customers = options.Customers;
        var size = options.BatchSize;
        var perVisitor = Math.Max(1, size / VisitorsPerGroupedBatch);
        return
        [
            Noop(engine),
            EngineScenario(engine, "batch", withVisitors: true, ctx => PostBatchAsync(ctx, _ => ctx.Random.Next(customers))),
            EngineScenario(engine, "batch-grouped", withVisitors: true, ctx =>
            {
                var visitor = 0;
                return PostBatchAsync(ctx, i => i % perVisitor == 0 ? visitor = ctx.Random.Next(customers) : visitor);
            }),
        ];

        async Task<Response> PostBatchAsync(ScenarioContext ctx, Func<int, int> visitorOf)
        {
            using var content = EventJson.Batch(json =>
            {
                for (var i = 0; i < size; i++)
                {
                    var visitor = visitorOf(i);
                    var draw = ctx.Random.Next(20);
                    if (draw < 17)
                    {
                        PageView(json, visitor, ctx.Random);
                    }
                    else
                    {
                        EventJson.Write(json, Population.VisitorId(visitor), draw < 19 ? "add_to_cart" : "purchase", null, $"s-{visitor}",
                            10 + ctx.Random.Next(300), Population.Categories[ctx.Random.Next(Population.Categories.Length)], null);
                    }
                }
            });
            return await CheckBatch(engine.Http.PostAsync("/v1/events", content, ctx.CancellationToken), size);
        }
    }

    /// <summary>
    /// One call is one page of a shop: the page asks for the visitor's segments, then the visit is tracked (80 % page
    /// views, 15 % add to cart, 5 % purchases). Visitors are drawn from a Zipf distribution over the known ones, plus
    /// 5 % first-time visitors the engine has never seen.
    /// </summary>
    public static IReadOnlyList<Scenario> Storefront(ScenarioSetOptions options)
    {
        var engine = new Engine(options, withOrleans: false);
        var visitors = new ZipfSampler(options.Customers, exponent: 1.0);
        var run = RunTag();
        return
        [
            Noop(engine),
            EngineScenario(engine, "page", withVisitors: true, async ctx =>
            {
                var random = ctx.Random;
                var customerId = random.Next(20) == 0 ? $"new-{run}-{ctx.InvocationNumber}" : Population.VisitorId(visitors.Next(random));
                using var lookup = await engine.Http.GetAsync($"/v1/customers/{customerId}/segments", ctx.CancellationToken);
                if (!lookup.IsSuccessStatusCode)
                {
                    return Response.Fail($"lookup: HTTP {(int)lookup.StatusCode}");
                }

                var draw = random.Next(100);
                var category = Population.Categories[random.Next(Population.Categories.Length)];
                var session = $"s-{run}-{customerId}";
                using var content = EventJson.Content(json =>
                {
                    if (draw < 80)
                    {
                        EventJson.Write(json, customerId, "page_view", null, session, null, category, Devices[random.Next(Devices.Length)]);
                    }
                    else
                    {
                        EventJson.Write(json, customerId, draw < 95 ? "add_to_cart" : "purchase", null, session, 10 + random.Next(300), category, null);
                    }
                });
                using var tracked = await engine.Http.PostAsync("/v1/events", content, ctx.CancellationToken);
                return tracked.IsSuccessStatusCode
                    ? Response.Ok((lookup.Content.Headers.ContentLength ?? 0) + (tracked.Content.Headers.ContentLength ?? 0))
                    : Response.Fail($"event: HTTP {(int)tracked.StatusCode}");
            }),
        ];
    }

    /// <summary>
    /// The Online Retail invoices in file order, one purchase per invoice. Each pass over the file gets its own
    /// customer-id prefix, so a long run keeps replaying real traffic onto new customers instead of sending duplicates;
    /// event ids are the invoice numbers, as the engine would see them from the shop.
    /// </summary>
    public static IReadOnlyList<Scenario> RetailReplay(ScenarioSetOptions options)
    {
        var engine = new Engine(options, withOrleans: false);
        var invoices = new Lazy<RetailInvoice[]>(() => RetailInvoice.Load(RetailInvoice.DefaultPath));
        var run = RunTag();
        var size = options.BatchSize;
        long nextBatch = -1;
        long nextSingle = -1;
        return
        [
            Noop(engine),
            EngineScenario(engine, "replay-batch", withVisitors: false, async ctx =>
            {
                var all = invoices.Value;
                var perPass = (all.Length + size - 1) / size;
                var batch = Interlocked.Increment(ref nextBatch);
                var prefix = $"{run}b{batch / perPass}-";
                var chunk = all.AsMemory((int)(batch % perPass) * size, Math.Min(size, all.Length - (int)(batch % perPass) * size));
                using var content = EventJson.Batch(json =>
                {
                    foreach (var invoice in chunk.Span)
                    {
                        invoice.Write(json, prefix);
                    }
                });
                return await CheckBatch(engine.Http.PostAsync("/v1/events", content, ctx.CancellationToken), chunk.Length);
            }, prepare: ctx =>
            {
                ctx.Log.Info($"{invoices.Value.Length} invoices from {Path.GetFullPath(RetailInvoice.DefaultPath)}");
                return Task.CompletedTask;
            }),
            EngineScenario(engine, "replay-single", withVisitors: false, async ctx =>
            {
                var all = invoices.Value;
                var index = Interlocked.Increment(ref nextSingle);
                var invoice = all[index % all.Length];
                using var content = EventJson.Content(json => invoice.Write(json, $"{run}s{index / all.Length}-"));
                return await Check(engine.Http.PostAsync("/v1/events", content, ctx.CancellationToken));
            }),
        ];
    }

    /// <summary>
    /// Lookups and single events at --rate, first for --duration on a quiet catalog, then for --duration while one
    /// segment is replaced every second (each replacement recompiles the catalog and re-evaluates every active customer).
    /// The quiet lookup is the baseline, so the ratios are the latency impact of the changes.
    /// </summary>
    public static IReadOnlyList<Scenario> CatalogChange(ScenarioSetOptions options)
    {
        var engine = new Engine(options, withOrleans: false);
        var catalog = SegmentCatalogs.Generate(options.Segments);
        var load = Simulation.Inject(options.Rate, TimeSpan.FromSeconds(1), options.Duration);
        var pause = Simulation.Inject(0, TimeSpan.FromSeconds(1), options.Duration);
        long generation = 0;

        Task<Response> Lookup(ScenarioContext ctx) => LookupAsync(engine, ctx, Population.VisitorId);

        Task<Response> Ingest(ScenarioContext ctx) => IngestAsync(engine, ctx);

        return
        [
            EngineScenario(engine, "lookup-quiet", withVisitors: true, Lookup).WithLoadSimulations(load, pause).AsBaseline(),
            EngineScenario(engine, "ingest-quiet", withVisitors: true, Ingest).WithLoadSimulations(load, pause),
            EngineScenario(engine, "lookup-changing", withVisitors: true, Lookup).WithLoadSimulations(pause, load),
            EngineScenario(engine, "ingest-changing", withVisitors: true, Ingest).WithLoadSimulations(pause, load),
            EngineScenario(engine, "segment-put", withVisitors: true, async ctx =>
            {
                if (catalog.Count == 0)
                {
                    return Response.Fail("no segments to change: give --segments 1 or more");
                }

                var next = Interlocked.Increment(ref generation);
                var segment = SegmentCatalogs.Variant(catalog[(int)(next % catalog.Count)], (int)next);
                await engine.PutSegmentAsync(segment, ctx.CancellationToken);
                return Response.Ok();
            }).WithLoadSimulations(pause, Simulation.Inject(1, TimeSpan.FromSeconds(1), options.Duration)),
        ];
    }

    /// <summary>A segment lookup of a known visitor drawn at random, asked for by the id <paramref name="idOf"/> gives it.</summary>
    private static Task<Response> LookupAsync(Engine engine, ScenarioContext ctx, Func<int, string> idOf) =>
        Check(engine.Http.GetAsync($"/v1/customers/{idOf(ctx.Random.Next(engine.Options.Customers))}/segments", ctx.CancellationToken));

    /// <summary>One page view of a known visitor drawn at random, one event per request.</summary>
    private static async Task<Response> IngestAsync(Engine engine, ScenarioContext ctx)
    {
        var visitor = ctx.Random.Next(engine.Options.Customers);
        using var content = EventJson.Content(json => PageView(json, visitor, ctx.Random));
        return await Check(engine.Http.PostAsync("/v1/events", content, ctx.CancellationToken));
    }

    private static Scenario Noop(Engine engine) => NoopOf(engine, "noop").AsBaseline();

    private static Scenario NoopOf(Engine engine, string name) =>
        EngineScenario(engine, name, withVisitors: false, async ctx => await Check(engine.Http.GetAsync("/baseline/noop", ctx.CancellationToken)));

    /// <summary>The HTTP stack plus one call to a grain that does nothing, keyed like the visitors so activations match.</summary>
    private static Scenario BareGrain(Engine engine)
    {
        var customers = engine.Options.Customers;
        return EngineScenario(engine, "grain", withVisitors: false, async ctx =>
            await Check(engine.Http.GetAsync($"/baseline/grain/{Population.VisitorId(ctx.Random.Next(customers))}", ctx.CancellationToken)));
    }

    /// <summary>A scenario whose init opens the set's shared connection and set-up, and whose clean closes it.</summary>
    private static Scenario EngineScenario(
        Engine engine, string name, bool withVisitors, Func<ScenarioContext, Task<Response>> run, Func<ScenarioInitContext, Task>? prepare = null) =>
        Scenario.Create(name, run)
            .WithInit(async ctx =>
            {
                await engine.OpenAsync(ctx);
                try
                {
                    await (withVisitors ? engine.EnsureVisitorsAsync(ctx) : engine.EnsureCatalogAsync(ctx));
                    if (prepare is not null)
                    {
                        await prepare(ctx);
                    }
                }
                catch
                {
                    await engine.CloseAsync(ctx);
                    throw;
                }
            })
            .WithClean(engine.CloseAsync)
            .WithWarmUpDuration(engine.Options.WarmUp)
            .WithLoadSimulations(engine.Options.Load());

    private static void PageView(Utf8JsonWriter json, int visitor, Random random) =>
        EventJson.Write(json, Population.VisitorId(visitor), "page_view", null, $"s-{visitor}", null,
            Population.Categories[random.Next(Population.Categories.Length)], Devices[random.Next(Devices.Length)]);

    private static async Task<Response> Check(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        if (response.IsSuccessStatusCode)
        {
            return Response.Ok(response.Content.Headers.ContentLength ?? 0);
        }

        return Response.Fail(response.StatusCode == System.Net.HttpStatusCode.NotFound && response.RequestMessage?.RequestUri?.AbsolutePath.StartsWith("/baseline", StringComparison.Ordinal) == true
            ? "HTTP 404: the baseline endpoints are off; start the host with --Diagnostics:BaselineEndpoints true"
            : $"HTTP {(int)response.StatusCode}");
    }

    /// <summary>A batch is ok only when the engine accepted every event and rejected none.</summary>
    private static async Task<Response> CheckBatch(Task<HttpResponseMessage> sending, int events)
    {
        using var response = await sending;
        if (!response.IsSuccessStatusCode)
        {
            return Response.Fail($"HTTP {(int)response.StatusCode}");
        }

        var body = await response.Content.ReadAsByteArrayAsync();
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.GetProperty("rejected").GetArrayLength() > 0)
        {
            return Response.Fail("events rejected: " + root.GetProperty("rejected")[0].GetProperty("error").GetString());
        }

        return root.GetProperty("accepted").GetInt32() == events
            ? Response.Ok(body.Length)
            : Response.Fail("fewer events accepted than sent");
    }

    /// <summary>Distinguishes this run's new customers from an earlier run's on the same engine.</summary>
    private static string RunTag() => Convert.ToString(Random.Shared.Next(36 * 36 * 36, 36 * 36 * 36 * 36), 16);
}

/// <summary>One row of the Online Retail invoices file.</summary>
public sealed record RetailInvoice(string InvoiceNo, DateTimeOffset Date, string CustomerId, double Total)
{
    public static string DefaultPath => Path.Combine(Repository.Root, "..", "shared", "datasets", "online-retail", "invoices.csv");

    /// <summary>Columns InvoiceNo, InvoiceDate (a day), CustomerID, TotalPrice; the date is taken as midnight UTC.</summary>
    public static RetailInvoice[] Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Online Retail invoices are not at {Path.GetFullPath(path)}.", path);
        }

        return File.ReadLines(path).Skip(1).Where(line => line.Length > 0).Select(line =>
        {
            var fields = line.Split(',');
            return new RetailInvoice(
                fields[0],
                new DateTimeOffset(DateOnly.ParseExact(fields[1], "yyyy-MM-dd", CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                fields[2],
                double.Parse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture));
        }).ToArray();
    }

    public void Write(Utf8JsonWriter json, string customerPrefix) =>
        EventJson.Write(json, customerPrefix + CustomerId, "purchase", Date, null, Total, null, null, eventId: InvoiceNo);
}

/// <summary>The checkout this program was built from: the folder holding Personalization.sln.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Personalization.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
