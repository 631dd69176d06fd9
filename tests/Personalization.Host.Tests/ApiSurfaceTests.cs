using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Personalization.Host.Tests;

public sealed class ApiSurfaceTests(HostFactory host) : IClassFixture<HostFactory>
{
    private readonly HttpClient client = host.CreateClient();

    /// <summary>The routes are read from the app's own endpoints, so a route added without a description fails here.</summary>
    [Fact]
    public async Task The_openapi_document_describes_every_v1_route_and_method_the_app_maps()
    {
        var document = await client.GetNodeAsync("/openapi/v1.json");
        var described = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"))
            .ToHashSet();

        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.StartsWith("/v1/", StringComparison.Ordinal) == true)
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(method => $"{method} {OpenApiPath(endpoint.RoutePattern)}"))
            .Distinct()
            .ToArray();

        Assert.True(mapped.Length >= 20, $"only {mapped.Length} v1 routes were found: {string.Join(", ", mapped)}");
        var undescribed = mapped.Where(route => !described.Contains(route)).ToArray();
        Assert.True(undescribed.Length == 0, $"not in /openapi/v1.json: {string.Join(", ", undescribed)}");
    }

    /// <summary>A route pattern as OpenAPI writes a path: parameters by name, without constraints.</summary>
    private static string OpenApiPath(RoutePattern pattern) => "/" + string.Join("/", pattern.PathSegments.Select(segment =>
        string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => throw new InvalidOperationException($"unexpected route part {part}"),
        }))));

    [Fact]
    public async Task The_api_reference_is_served_at_docs()
    {
        var response = await client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Metrics_show_ingest_lookups_segment_changes_storage_writes_and_active_customers()
    {
        for (var i = 0; i < 5; i++)
        {
            await client.PostJsonAsync("/v1/events", new { customerId = $"metrics-{i}", type = "add_to_cart" });
            await client.GetAsync($"/v1/customers/metrics-{i}/segments");
        }

        // In-memory storage answers Buffered, so the state write (and its metric) follows the events within the flush interval.
        var text = await EventuallyAsync(
            async () => await client.GetStringAsync("/metrics"),
            t => t.Contains("personalization_segment_lookup_duration") && t.Contains("personalization_storage_write_duration_milliseconds_count"));

        Assert.Matches(@"personalization_events_ingested_total(\{[^}]*\})? [1-9]", text);
        Assert.Contains("personalization_segment_lookup_duration_milliseconds_bucket", text);
        Assert.Contains("personalization_segment_entries_total{", text);
        Assert.Contains("personalization_storage_write_duration_milliseconds_count", text);
        Assert.Matches(@"personalization_customers_active(\{[^}]*\})? [1-9]", text);
    }

    // The Prometheus exporter caches its scrape for a short while, so a first scrape can predate the traffic.
    private static async Task<string> EventuallyAsync(Func<Task<string>> read, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string text;
        while (!done(text = await read()) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        return text;
    }

    [Fact]
    public async Task Plain_json_logic_is_evaluated_against_plain_data()
    {
        var (response, body) = await client.SendJsonAsync(HttpMethod.Post, "/v1/rules/evaluate",
            """{"rule":{"and":[{">=":[{"var":"age"},18]},{"in":[{"var":"country"},["CZ","SK"]]}]},"data":{"age":34,"country":"CZ"}}""");
        var (bad, problem) = await client.SendJsonAsync(HttpMethod.Post, "/v1/rules/evaluate", """{"rule":{"nope":[1]},"data":{}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body!["result"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("unknown operator 'nope'", problem!["errors"]!["rule"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Baseline_endpoints_are_off_unless_switched_on()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/baseline/noop")).StatusCode);

        using var withBaselines = host.WithWebHostBuilder(builder => builder.UseSetting("Diagnostics:BaselineEndpoints", "true"));
        var baselineClient = withBaselines.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await baselineClient.GetAsync("/baseline/noop")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await baselineClient.GetAsync("/baseline/grain/one")).StatusCode);
        var (posted, read) = await baselineClient.SendJsonAsync(HttpMethod.Post, "/baseline/noop", """{"customerId":"one","type":"page_view"}""");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(39, read!["bytes"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
