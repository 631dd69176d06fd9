using System.Text.Json;
using Personalization.Testing;

namespace Personalization.Cluster.Tests.Infrastructure;

/// <summary>One service of docker-compose.yml as `docker-compose config` resolved it (anchors merged, defaults filled).</summary>
internal sealed record ComposeService(
    string Name,
    string? Image,
    string? Dockerfile,
    IReadOnlyDictionary<string, string?> Environment,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> HealthCheck,
    IReadOnlyDictionary<string, string?> DependsOn,
    IReadOnlyList<string> PublishedPorts);

/// <summary>
/// docker-compose.yml read through Debian's docker-compose, which validates it against the compose schema with no
/// Docker engine. Its YAML answer is turned into JSON by the PyYAML that docker-compose itself runs on.
/// </summary>
internal static class ComposeFile
{
    /// <summary>The default: membership and state in Azure tables (Azurite).</summary>
    public const string AzureStorageAlone = "docker-compose.yml";

    /// <summary>Membership in Redis: docker-compose.redis.yml over the default.</summary>
    public const string WithRedisClustering = "docker-compose.yml docker-compose.redis.yml";

    /// <param name="files">Space-separated compose files, later ones over earlier ones.</param>
    public static Task<CommandResult> ConfigAsync(string files = AzureStorageAlone) =>
        RunAsync("docker-compose", [.. files.Split(' ').SelectMany(file => new[] { "-f", RepositoryFiles.InRepository(file) }), "config"], standardInput: null);

    /// <inheritdoc cref="ConfigAsync"/>
    public static async Task<IReadOnlyList<ComposeService>> ServicesAsync(string files = AzureStorageAlone)
    {
        var (exitCode, yaml, errors) = await ConfigAsync(files);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"docker-compose config exited with {exitCode}: {errors}");
        }

        var (jsonExit, json, jsonErrors) = await RunAsync(
            "python3", ["-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"], yaml);
        if (jsonExit != 0)
        {
            throw new InvalidOperationException($"Could not read docker-compose's YAML: {jsonErrors}");
        }

        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("services").EnumerateObject().Select(Service)];
    }

    private static ComposeService Service(JsonProperty service)
    {
        var definition = service.Value;
        var image = definition.TryGetProperty("image", out var imageName) ? imageName.GetString() : null;
        var dockerfile = definition.TryGetProperty("build", out var build) && build.TryGetProperty("dockerfile", out var file) ? file.GetString() : null;
        var environment = definition.TryGetProperty("environment", out var variables)
            ? variables.EnumerateObject().ToDictionary(v => v.Name, v => v.Value.ValueKind == JsonValueKind.Null ? null : v.Value.ToString())
            : [];
        var healthCheck = definition.TryGetProperty("healthcheck", out var check) ? Words(check, "test") : [];
        var dependsOn = definition.TryGetProperty("depends_on", out var dependencies)
            ? dependencies.EnumerateObject().ToDictionary(d => d.Name, d => d.Value.TryGetProperty("condition", out var condition) ? condition.GetString() : null)
            : [];
        var ports = definition.TryGetProperty("ports", out var published)
            ? published.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.Object ? p.GetProperty("published").ToString() : p.GetString()!).ToList()
            : [];
        return new ComposeService(
            service.Name, image, dockerfile, environment, Words(definition, "command"), Words(definition, "entrypoint"), healthCheck, dependsOn, ports);
    }

    /// <summary>A command in list form, or in string form split on spaces as docker-compose does for simple commands.</summary>
    private static IReadOnlyList<string> Words(JsonElement definition, string name)
    {
        if (!definition.TryGetProperty(name, out var value))
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(v => v.GetString()!)]
            : value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static Task<CommandResult> RunAsync(string fileName, string[] arguments, string? standardInput) =>
        ChildProcess.RunAsync(fileName, arguments, RepositoryFiles.Root, TimeSpan.FromSeconds(60), standardInput);
}
