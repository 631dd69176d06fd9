using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Personalization.Security;

namespace Personalization.Host.Tests.Security;

public sealed class KeyManagementTests(SecuredHostFactory host) : IClassFixture<SecuredHostFactory>
{
    [Fact]
    public async Task A_created_key_is_shown_once_listed_without_its_secret_and_refused_once_revoked()
    {
        var created = await host.CreateKeyAsync("checkout service", [ApiScopes.EventsWrite, ApiScopes.SegmentsRead]);
        var id = created["id"]!.GetValue<string>();
        var secret = created["key"]!.GetValue<string>();
        using var admin = host.ClientWith(host.BootstrapKey);
        using var service = host.ClientWith(secret);

        var listed = await admin.GetStringAsync("/v1/keys");
        var (accepted, _) = await service.PostJsonAsync("/v1/events", new { customerId = "key-alice", type = "page_view" });
        var (revoked, _) = await admin.SendJsonAsync(HttpMethod.Delete, $"/v1/keys/{id}");
        var (refused, problem) = await service.PostJsonAsync("/v1/events", new { customerId = "key-alice", type = "page_view" });
        var (again, _) = await admin.SendJsonAsync(HttpMethod.Delete, "/v1/keys/key_0000000000000000");

        Assert.StartsWith("pz_sk_", secret);
        Assert.Equal(32, Base64UrlBytes(secret["pz_sk_".Length..]));
        Assert.Contains(id, listed);
        Assert.DoesNotContain(secret, listed);
        Assert.DoesNotContain(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), listed);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("revoked", problem!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("\"revokedAt\":\"", await admin.GetStringAsync("/v1/keys"));
    }

    [Theory]
    [InlineData("""{"name":"x","scopes":[]}""", "scopes")]
    [InlineData("""{"name":"x","scopes":["everything"]}""", "scopes")]
    [InlineData("""{"scopes":["events:write"]}""", "name")]
    [InlineData("""{"name":"x","scopes":["catalog:write"],"public":true,"allowedOrigins":["https://shop.example"]}""", "scopes")]
    [InlineData("""{"name":"x","scopes":["segments:read"],"public":true}""", "allowedOrigins")]
    [InlineData("""{"name":"x","scopes":["segments:read"],"public":true,"allowedOrigins":["https://shop.example/page"]}""", "allowedOrigins")]
    [InlineData("""{"name":"x","scopes":["segments:read"],"allowedOrigins":["https://shop.example"]}""", "allowedOrigins")]
    public async Task A_bad_key_request_gets_400_naming_the_field(string body, string field)
    {
        using var admin = host.ClientWith(host.BootstrapKey);

        var (response, problem) = await admin.SendJsonAsync(HttpMethod.Post, "/v1/keys", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(problem!["errors"]![field]);
    }

    [Fact]
    public async Task The_bootstrap_key_cannot_be_revoked_through_the_api()
    {
        using var admin = host.ClientWith(host.BootstrapKey);

        var (response, problem) = await admin.SendJsonAsync(HttpMethod.Delete, "/v1/keys/bootstrap");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Security:BootstrapKey", problem!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bootstrap_key_given_as_its_sha256_works()
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var hashed = new HostFactory().WithWebHostBuilder(web =>
        {
            web.UseSetting("Security:RequireApiKeys", "true");
            web.UseSetting("Security:BootstrapKeySha256", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret))));
        });
        using var client = hashed.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", secret);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/keys")).StatusCode);
    }

    [Fact]
    public void A_host_listening_beyond_loopback_without_any_key_refuses_to_start_and_says_how_to_make_one()
    {
        using var exposed = new HostFactory().WithWebHostBuilder(web => web.UseSetting("Urls", "http://0.0.0.0:5999"));

        var error = Assert.ThrowsAny<Exception>(() => exposed.CreateClient());

        var message = error.ToString();
        Assert.Contains("API keys are required because it listens beyond loopback (http://0.0.0.0:5999)", message);
        Assert.Contains("Security__BootstrapKey", message);
        Assert.Contains("personalization keys create", message);
    }

    [Fact]
    public async Task A_host_on_loopback_is_open_and_says_so()
    {
        var logs = new StringWriter();
        await using var open = new HostFactory().WithWebHostBuilder(web => web.ConfigureLogging(logging => logging.AddProvider(new TextLoggerProvider(logs))));
        using var client = open.CreateClient();

        var response = await client.DeleteAsync("/v1/customers/open-alice");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains("Open: no API key is required (it listens on loopback only)", logs.ToString());
    }

    [Fact]
    public async Task An_open_host_still_checks_a_key_that_is_sent()
    {
        await using var open = new HostFactory();
        using var anyone = open.CreateClient();
        var (created, key) = await anyone.PostJsonAsync("/v1/keys", new { name = "reader", scopes = new[] { ApiScopes.SegmentsRead } });
        using var reader = open.CreateClient();
        reader.DefaultRequestHeaders.Add("X-Api-Key", key!["key"]!.GetValue<string>());
        using var stranger = open.CreateClient();
        stranger.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "pz_sk_" + new string('A', 43));

        var (withoutKey, _) = await anyone.PostJsonAsync("/v1/events", new { customerId = "open-bob", type = "page_view" });
        var (outOfScope, _) = await reader.PostJsonAsync("/v1/events", new { customerId = "open-bob", type = "page_view" });
        var inScope = await reader.GetAsync("/v1/customers/open-bob/segments");
        var (unknown, _) = await stranger.PostJsonAsync("/v1/events", new { customerId = "open-bob", type = "page_view" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outOfScope.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inScope.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    private static int Base64UrlBytes(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text).Length;
}
