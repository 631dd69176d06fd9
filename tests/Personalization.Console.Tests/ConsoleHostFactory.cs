using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Personalization.Console.Tests;

/// <summary>
/// The real host in this process on Kestrel at 127.0.0.1 and a free port, so a browser can open the console; free
/// silo ports so test classes do not collide. Open (no keys) unless a subclass protects it. Disposed by the fixture's
/// owner, which stops the host.
/// </summary>
public class ConsoleHostFactory : WebApplicationFactory<Program>
{
    private readonly Lazy<string> address;

    public ConsoleHostFactory() => address = new(Start);

    /// <summary>The host's base address without a trailing slash; the first use starts it.</summary>
    public string Address => address.Value;

    protected virtual bool Protected => false;

    public string BootstrapKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Orleans:SiloPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", FreePort.Next().ToString());
        builder.UseSetting("Orleans:ClusterId", $"console-{Guid.NewGuid():N}");
        builder.UseSetting("Segments:LoadExamples", "true");
        builder.UseSetting("Security:RequireApiKeys", Protected ? "true" : "false");
        if (Protected)
        {
            builder.UseSetting("Security:BootstrapKey", BootstrapKey);
        }
    }

    private string Start()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
    }

    /// <summary>An HTTP client of the API on the host's socket, with <paramref name="key"/> (the bootstrap key by default).</summary>
    public HttpClient Api(string? key = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(Address) };
        if (Protected || key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key ?? BootstrapKey);
        }

        return client;
    }

    public async Task<string> CreateKeyAsync(string name, string[] scopes)
    {
        using var admin = Api();
        var (response, body) = await admin.SendJsonAsync(HttpMethod.Post, "/v1/keys", new JsonObject { ["name"] = name, ["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode)s)]) }.ToJsonString());
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating key {name}: {(int)response.StatusCode} {body}");
        return body!["key"]!.GetValue<string>();
    }
}

/// <summary>The host with API keys required and a bootstrap admin key.</summary>
public sealed class ProtectedConsoleHostFactory : ConsoleHostFactory
{
    protected override bool Protected => true;
}
