using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace Personalization.Host.Tests.Security;

/// <summary>The host with API keys required (as on a non-loopback address) and a bootstrap admin key.</summary>
public class SecuredHostFactory : HostFactory
{
    public string BootstrapKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Extra settings of a subclass, e.g. rate limits.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings() => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Security:RequireApiKeys", "true");
        builder.UseSetting("Security:BootstrapKey", BootstrapKey);
        builder.UseSetting("Diagnostics:BaselineEndpoints", "true");
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client sending <paramref name="key"/> as a bearer token; none for a client without a key.</summary>
    public HttpClient ClientWith(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>Creates a key with the bootstrap key and returns the creation's answer (id, key, ...).</summary>
    public async Task<JsonNode> CreateKeyAsync(string name, string[] scopes, bool isPublic = false, string[]? allowedOrigins = null)
    {
        using var admin = ClientWith(BootstrapKey);
        var (response, body) = await admin.PostJsonAsync("/v1/keys", new { name, scopes, @public = isPublic, allowedOrigins = allowedOrigins ?? [] });
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"creating key {name}: {(int)response.StatusCode} {body}");
        return body!;
    }
}
