using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Personalization.LoadTests.Runner;

namespace Personalization.LoadTests.Scenarios;

/// <summary>
/// What the scenarios of one set share: an HTTP client for the engine, an Orleans client for its gateway when the
/// set has Orleans-client scenarios, and the one-time set-up (catalog, known visitors). Opened by the first
/// scenario's init and closed by the last scenario's clean, so sequential and concurrent runs both keep it open
/// exactly while load runs.
/// </summary>
public sealed class Engine
{
    private const int MaxProfileAttempts = 6;

    private readonly ScenarioSetOptions options;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lock setUp = new();
    private readonly bool withOrleans;
    private int users;
    private HttpClient? http;
    private IHost? orleansHost;
    private Task? catalogReady;
    private Task? visitorsReady;
    private Task? aliasesReady;

    public Engine(ScenarioSetOptions options, bool withOrleans)
    {
        this.options = options;
        this.withOrleans = withOrleans && options.GatewayPort is not null;
    }

    public ScenarioSetOptions Options => options;

    /// <summary>True when the set's Orleans-client scenarios can run (a gateway port is known).</summary>
    public bool HasOrleans => withOrleans;

    public HttpClient Http => http ?? throw new InvalidOperationException("The engine connection is not open; scenarios use it between init and clean.");

    public IClusterClient Orleans => orleansHost?.Services.GetRequiredService<IClusterClient>()
        ?? throw new InvalidOperationException("No Orleans client: give the gateway port (--gateway-port, or --start-host).");

    public async Task OpenAsync(ScenarioInitContext context)
    {
        await gate.WaitAsync(context.CancellationToken);
        try
        {
            if (users++ > 0)
            {
                return;
            }

            http = options.CreateHttpClient?.Invoke() ?? DefaultHttpClient(options.Target);
            if (options.ApiKey is { } apiKey)
            {
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
            }
            if (withOrleans)
            {
                var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
                builder.UseOrleansClient(client => client.UseLocalhostClustering(options.GatewayPort!.Value, options.ServiceId, options.ClusterId));
                orleansHost = builder.Build();
                await orleansHost.StartAsync(context.CancellationToken);
            }
        }
        catch
        {
            users--;
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
            if (--users > 0)
            {
                return;
            }

            http?.Dispose();
            http = null;
            if (orleansHost is not null)
            {
                await orleansHost.StopAsync(context.CancellationToken);
                orleansHost.Dispose();
                orleansHost = null;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Stores the generated catalog of <see cref="ScenarioSetOptions.Segments"/> segments once per set.</summary>
    public Task EnsureCatalogAsync(ScenarioInitContext context)
    {
        lock (setUp)
        {
            return catalogReady ??= DefineCatalogAsync(context);
        }
    }

    /// <summary>Stores the catalog and the known visitors once per set.</summary>
    public Task EnsureVisitorsAsync(ScenarioInitContext context)
    {
        lock (setUp)
        {
            return visitorsReady ??= SeedAsync(context);
        }
    }

    /// <summary>Makes <see cref="Population.AliasId"/> of every known visitor an alias of it, once per set, after the visitors are stored.</summary>
    public Task EnsureAliasesAsync(ScenarioInitContext context)
    {
        lock (setUp)
        {
            return aliasesReady ??= IdentifyAliasesAsync(context);
        }
    }

    private async Task IdentifyAliasesAsync(ScenarioInitContext context)
    {
        await EnsureVisitorsAsync(context);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForAsync(0, options.Customers, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = context.CancellationToken }, async (i, ct) =>
        {
            using var content = EventJson.Content(json =>
            {
                json.WriteStartObject();
                json.WriteString("anonymousId", Population.AliasId(i));
                json.WriteString("customerId", Population.VisitorId(i));
                json.WriteEndObject();
            });
            using var response = await Http.PostAsync("/v1/identify", content, ct);
            await EnsureSuccess(response, $"identifying {Population.AliasId(i)} as {Population.VisitorId(i)}");
        });
        context.Log.Info(string.Create(CultureInfo.InvariantCulture,
            $"aliases: {options.Customers} anonymous ids identified in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s"));
        await Task.Delay(options.SettleTime, context.CancellationToken);
    }

    private async Task SeedAsync(ScenarioInitContext context)
    {
        await EnsureCatalogAsync(context);
        await SeedVisitorsAsync(context);
    }

    /// <summary>
    /// PUTs every generated segment and deletes generated ones beyond the wanted count (a larger earlier run's), newest
    /// first so that no segment is deleted while a later one still refers to it.
    /// </summary>
    private async Task DefineCatalogAsync(ScenarioInitContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var wanted = SegmentCatalogs.Generate(options.Segments);
        using (var listing = await Http.GetAsync("/v1/segments", context.CancellationToken))
        {
            await EnsureSuccess(listing, "listing the segments");
            using var document = JsonDocument.Parse(await listing.Content.ReadAsStreamAsync(context.CancellationToken));
            var stale = Segments(document.RootElement)
                .Select(id => SegmentCatalogs.TryParseIndex(id, out var index) ? index : -1)
                .Where(index => index >= wanted.Count)
                .OrderDescending();
            foreach (var index in stale)
            {
                using var deleted = await Http.DeleteAsync($"/v1/segments/{SegmentCatalogs.Id(index)}", context.CancellationToken);
                await EnsureSuccess(deleted, $"deleting segment {SegmentCatalogs.Id(index)}");
            }
        }

        foreach (var segment in wanted)
        {
            await PutSegmentAsync(segment, context.CancellationToken);
        }

        context.Log.Info($"catalog: {wanted.Count} segments stored in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
    }

    public async Task PutSegmentAsync(GeneratedSegment segment, CancellationToken cancellationToken)
    {
        using var content = EventJson.Content(json =>
        {
            json.WriteStartObject();
            json.WriteString("name", segment.Name);
            json.WriteString("description", $"generated {segment.Kind} segment");
            json.WriteString("rule", segment.Rule);
            json.WriteEndObject();
        });
        using var response = await Http.PutAsync($"/v1/segments/{segment.Id}", content, cancellationToken);
        await EnsureSuccess(response, $"storing segment {segment.Id}");
    }

    /// <summary>Gives every known visitor its history (batched events) and its profile, in parallel, and reports the rate.</summary>
    private async Task SeedVisitorsAsync(ScenarioInitContext context)
    {
        var count = options.Customers;
        var now = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        const int perBatch = 300;
        var batches = (count + perBatch - 1) / perBatch;
        var done = 0;
        await Parallel.ForAsync(0, batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = context.CancellationToken }, async (batch, ct) =>
        {
            var first = batch * perBatch;
            var last = Math.Min(count, first + perBatch);
            using var content = EventJson.Batch(json =>
            {
                for (var i = first; i < last; i++)
                {
                    Population.WriteHistory(json, i, now);
                }
            });
            using var response = await Http.PostAsync("/v1/events", content, ct);
            await EnsureSuccess(response, "seeding visitor history");
            var finished = Interlocked.Add(ref done, last - first);
            if (finished / (count / 5 + 1) != (finished - (last - first)) / (count / 5 + 1))
            {
                context.Log.Info($"seeding: {finished} of {count} visitors have their history");
            }
        });
        var history = Stopwatch.GetElapsedTime(started);

        // A profile can move a customer into many segments at once, and each entry is a message on the engine's in-memory
        // membership stream, whose queues hold at most 16,384 messages; with large catalogs fewer profiles go at once.
        var retried = 0;
        var profilesAtOnce = Math.Clamp(3_200 / Math.Max(1, options.Segments), 1, 32);
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = profilesAtOnce, CancellationToken = context.CancellationToken }, async (i, ct) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                using var content = EventJson.Content(json => Population.WriteProfile(json, i));
                using var request = new HttpRequestMessage(HttpMethod.Patch, $"/v1/customers/{Population.VisitorId(i)}/profile") { Content = content };
                using var response = await Http.SendAsync(request, ct);

                // A full membership-stream queue answers 500 and drains within a second or two (see docs/performance.md).
                if (response.StatusCode != HttpStatusCode.InternalServerError || attempt == MaxProfileAttempts)
                {
                    await EnsureSuccess(response, "seeding a profile");
                    break;
                }

                Interlocked.Increment(ref retried);
                await Task.Delay(TimeSpan.FromSeconds(attempt), ct);
            }
        });
        if (retried > 0)
        {
            context.Log.Warn($"seeding: {retried} profile updates were refused with HTTP 500 and sent again");
        }

        var total = Stopwatch.GetElapsedTime(started);
        context.Log.Info(string.Create(CultureInfo.InvariantCulture,
            $"seeding: {count} visitors in {total.TotalSeconds:0.0} s (history {history.TotalSeconds:0.0} s, profiles {(total - history).TotalSeconds:0.0} s)"));

        // The engine finishes seeding in the background (membership shards flush every 2 s, the GC catches up); the
        // first scenario should not pay for it.
        await Task.Delay(options.SettleTime, context.CancellationToken);
    }

    private static IEnumerable<string> Segments(JsonElement catalog)
    {
        var list = catalog.ValueKind == JsonValueKind.Array ? catalog
            : catalog.TryGetProperty("segments", out var segments) ? segments
            : default;
        return list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToArray()
            : [];
    }

    internal static async Task EnsureSuccess(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"{what}: HTTP {(int)response.StatusCode} {body}");
        }
    }

    /// <summary>Connections are kept for the whole run and never limited, so the client adds no queue of its own.</summary>
    private static HttpClient DefaultHttpClient(Uri target) =>
        new(new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = int.MaxValue,
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = target,
            Timeout = TimeSpan.FromSeconds(30),
        };
}
