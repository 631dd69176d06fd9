using System.Net;

namespace Personalization.Host.Tests;

public sealed class ApiSurfaceTests(HostFactory host) : IClassFixture<HostFactory>
{
    private readonly HttpClient client = host.CreateClient();

    [Fact]
    public async Task The_openapi_document_describes_every_v1_route()
    {
        var document = await client.GetNodeAsync("/openapi/v1.json");
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToArray();

        Assert.Contains("/v1/events", paths);
        Assert.Contains("/v1/customers/{customerId}/segments", paths);
        Assert.Contains("/v1/customers/{customerId}/profile", paths);
        Assert.Contains("/v1/segments/{segmentId}", paths);
    }

    [Fact]
    public async Task The_api_reference_is_served_at_docs()
    {
        var response = await client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType!.ToString());
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
