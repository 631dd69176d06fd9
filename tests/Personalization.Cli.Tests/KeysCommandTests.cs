using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Spectre.Console;

namespace Personalization.Cli.Tests;

/// <summary><c>personalization keys create|list|revoke</c> and <c>--api-key</c> against an engine that requires keys.</summary>
public sealed partial class KeysCommandTests(EngineFactory engine) : IClassFixture<EngineFactory>
{
    private readonly string adminKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task A_key_is_created_with_its_secret_printed_once_listed_without_it_used_and_revoked()
    {
        await using var secured = engine.WithWebHostBuilder(web =>
        {
            web.UseSetting("Security:RequireApiKeys", "true");
            web.UseSetting("Security:BootstrapKey", adminKey);
        });

        var (created, createOutput, _) = await RunAsync(secured, "keys", "create", "--api-key", adminKey, "--name", "catalog reader", "--scope", "catalog:read");
        var secret = SecretLine().Match(createOutput).Value;
        var id = KeyId().Match(createOutput).Value;
        var (listed, listOutput, _) = await RunAsync(secured, "keys", "list", "--api-key", adminKey);
        var (used, usedOutput, _) = await RunAsync(secured, "segments", "list", "--api-key", secret);
        var (withoutKey, _, withoutKeyErrors) = await RunAsync(secured, "segments", "list");
        var (revoked, revokeOutput, _) = await RunAsync(secured, "keys", "revoke", id, "--api-key", adminKey);
        var (refused, _, refusedErrors) = await RunAsync(secured, "segments", "list", "--api-key", secret);
        var (badScope, _, badScopeErrors) = await RunAsync(secured, "keys", "create", "--api-key", adminKey, "--name", "x", "--scope", "everything");

        Assert.Equal(0, created);
        Assert.StartsWith("pz_sk_", secret);
        Assert.Equal(0, listed);
        Assert.Contains(id, listOutput);
        Assert.Contains("catalog:read", listOutput);
        Assert.DoesNotContain(secret, listOutput);
        Assert.Equal(0, used);
        Assert.Contains("Catalog version", usedOutput);
        Assert.Equal(1, withoutKey);
        Assert.Contains("401", withoutKeyErrors);
        Assert.Equal(0, revoked);
        Assert.Contains($"Revoked key {id}", revokeOutput);
        Assert.Equal(1, refused);
        Assert.Contains("401", refusedErrors);
        Assert.Equal(1, badScope);
        Assert.Contains("'everything' is not a scope", badScopeErrors);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(WebApplicationFactory<Program> host, params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 400;
        var handler = host.Server.CreateHandler();
        var exitCode = await new CliApplication(console, errors, url => new HttpClient(handler, disposeHandler: false) { BaseAddress = url }, liveProgress: false).RunAsync(args);
        return (exitCode, output.ToString(), errors.ToString());
    }

    [GeneratedRegex(@"pz_sk_[A-Za-z0-9_-]{43}")]
    private static partial Regex SecretLine();

    [GeneratedRegex(@"key_[0-9a-f]{16}")]
    private static partial Regex KeyId();
}
