extern alias host;

using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Personalization.Cluster.Tests.Infrastructure;
using Personalization.Testing;

namespace Personalization.Cluster.Tests;

/// <summary>
/// docker-compose.yml (alone, and with docker-compose.redis.yml over it) cannot be run here (no Docker engine), so it is
/// checked instead: the compose schema accepts it,
/// every service is health-checked, every program it starts is one the solution builds, and every setting it passes
/// is one the program reads. The last is found by running the program in-process on the service's environment and
/// recording which keys its code and configuration binding ask for; a misspelt key is never asked for.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ComposeTests(ClusterServers servers)
{
    private const string HostDockerfile = "src/Personalization.Host/Dockerfile";
    private const string StoreDockerfile = "src/Personalization.SampleStore/Dockerfile";

    /// <summary>The admin key the compose file takes from PERSONALIZATION_ADMIN_KEY; its silos listen beyond loopback, so they need one.</summary>
    private static readonly string AdminKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Misspellings given to the program with the real settings; the recording must not report them as read.</summary>
    private static readonly Dictionary<string, string?> Misspellings = new()
    {
        ["Storage:Provder"] = "AzureTable",
        ["Orleans:SiloPrt"] = "11111",
        ["Personalization:ClusterID2"] = "personalization",
    };

    [Theory]
    [InlineData(ComposeFile.AzureStorageAlone)]
    [InlineData(ComposeFile.WithRedisClustering)]
    public async Task Docker_compose_accepts_the_file(string files)
    {
        var (exitCode, output, errors) = await ComposeFile.ConfigAsync(files);

        Assert.True(exitCode == 0, $"docker-compose config exited with {exitCode}: {errors}");
        Assert.Contains("services:", output);
    }

    [Theory]
    [InlineData(ComposeFile.AzureStorageAlone, "AzureTable")]
    [InlineData(ComposeFile.WithRedisClustering, "Redis")]
    public async Task Every_service_is_health_checked_and_waits_for_its_dependencies_to_be_healthy(string files, string clustering)
    {
        var services = await ComposeFile.ServicesAsync(files);

        Assert.Contains(services, s => s.Image?.StartsWith("mcr.microsoft.com/azure-storage/azurite", StringComparison.Ordinal) == true);
        Assert.Equal(clustering == "Redis", services.Any(s => s.Image?.StartsWith("redis:7", StringComparison.Ordinal) == true));
        Assert.True(services.Count(s => s.Dockerfile == HostDockerfile) >= 2, "The cluster needs at least two silos.");
        Assert.Single(services, s => s.Dockerfile == StoreDockerfile);
        foreach (var service in services)
        {
            Assert.True(service.HealthCheck.Count > 0, $"{service.Name} has no health check.");
            foreach (var (dependency, condition) in service.DependsOn)
            {
                Assert.True(condition == "service_healthy", $"{service.Name} waits for {dependency} with '{condition}', not service_healthy.");
            }
        }

        var silos = services.Where(s => s.Dockerfile == HostDockerfile).ToList();
        Assert.Equal(silos.Count, silos.SelectMany(s => s.PublishedPorts).Distinct().Count());
        foreach (var silo in silos)
        {
            Assert.Equal(clustering, silo.Environment["Clustering__Provider"]);
            Assert.Equal("AzureTable", silo.Environment["Storage__Provider"]);
            Assert.Equal(clustering == "Redis", silo.DependsOn.ContainsKey("redis"));
            Assert.Contains(silo.DependsOn.Keys, d => d == "azurite");
        }

        Assert.Equal(clustering, services.Single(s => s.Dockerfile == StoreDockerfile).Environment["Personalization__Clustering"]);
    }

    [Fact]
    public async Task Every_program_a_service_starts_is_one_the_solution_builds_and_its_image_publishes()
    {
        var assemblies = SolutionAssemblies();
        var built = (await ComposeFile.ServicesAsync()).Where(s => s.Dockerfile is not null).ToList();

        Assert.NotEmpty(built);
        foreach (var service in built)
        {
            var dockerfile = File.ReadAllText(RepositoryFiles.InRepository(service.Dockerfile!));
            var words = ExecForms().Matches(dockerfile).SelectMany(m => Words(m.Groups["words"].Value))
                .Concat(service.Entrypoint).Concat(service.Command).ToList();
            var dlls = words.Where(w => w.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).ToList();

            Assert.True(dlls.Count > 0, $"{service.Name} ({service.Dockerfile}) starts no .dll: {string.Join(' ', words)}");
            foreach (var dll in dlls)
            {
                var name = Path.GetFileNameWithoutExtension(dll);
                Assert.True(assemblies.TryGetValue(name, out var project), $"{service.Name} starts {dll}, which no project of Personalization.sln builds.");
                Assert.True(dockerfile.Contains($"dotnet publish {project}", StringComparison.Ordinal), $"{service.Dockerfile} does not publish {project}, which builds {dll}.");
            }
        }
    }

    [Theory]
    [InlineData(ComposeFile.AzureStorageAlone)]
    [InlineData(ComposeFile.WithRedisClustering)]
    public async Task Every_setting_of_a_silo_service_is_a_key_the_host_reads(string files)
    {
        var cluster = ClusterSettings.Unique(servers);
        var silos = (await ComposeFile.ServicesAsync(files)).Where(s => s.Dockerfile == HostDockerfile).ToList();
        Assert.NotEmpty(silos);

        foreach (var environment in silos.Select(s => s.Environment).DistinctBy(e => string.Join(';', e.OrderBy(p => p.Key))))
        {
            // Only what cannot work here changes: addresses, ports and names point at this test's servers.
            var settings = Settings(environment, new()
            {
                ["Clustering:ConnectionString"] = files == ComposeFile.WithRedisClustering ? cluster.RedisConnectionString : cluster.StorageConnectionString,
                ["Storage:ConnectionString"] = cluster.StorageConnectionString,
                ["Storage:TableName"] = cluster.TableName,
                ["Orleans:ClusterId"] = cluster.ClusterId,
                ["Orleans:SiloPort"] = FreePort.Next().ToString(),
                ["Orleans:GatewayPort"] = FreePort.Next().ToString(),
                ["Orleans:AdvertisedIPAddress"] = "127.0.0.1",
                ["Security:BootstrapKey"] = AdminKey,
            });
            var recording = new RecordingConfiguration(settings);
            await using var factory = new WebApplicationFactory<host::Program>().WithWebHostBuilder(web => Record(web, recording));
            using var client = factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);

            // Reads happen on start and on first use (a customer's options when its grain first activates).
            (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync("/v1/events", new { customerId = "compose-check", type = "page_view" })).EnsureSuccessStatusCode();
            (await client.GetAsync("/v1/customers/compose-check")).EnsureSuccessStatusCode();
            (await client.GetAsync("/metrics")).EnsureSuccessStatusCode();

            AssertEveryKeyRead(environment, recording, "the host");
        }
    }

    [Fact]
    public async Task Every_setting_of_the_store_service_is_a_key_the_store_reads()
    {
        await servers.SharedHostAsync();
        var cluster = servers.SharedCluster!;
        // The shared host clusters over Redis; the store's keys are the same in both files, only the values differ.
        var store = (await ComposeFile.ServicesAsync(ComposeFile.WithRedisClustering)).Single(s => s.Dockerfile == StoreDockerfile);
        var settings = Settings(store.Environment, new()
        {
            ["Personalization:ConnectionString"] = cluster.RedisConnectionString,
            ["Personalization:ClusterId"] = cluster.ClusterId,
        });
        var recording = new RecordingConfiguration(settings);
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => Record(web, recording));
        using var client = factory.CreateClient();

        (await client.GetAsync("/health")).EnsureSuccessStatusCode();
        var page = await client.GetStringAsync("/");

        Assert.Contains("<li class=\"segment\">new-visitor</li>", page);
        AssertEveryKeyRead(store.Environment, recording, "the store");
    }

    private static void AssertEveryKeyRead(IReadOnlyDictionary<string, string?> environment, RecordingConfiguration recording, string program)
    {
        var read = recording.KeysRead;
        foreach (var misspelt in Misspellings.Keys)
        {
            Assert.False(read.Contains(misspelt), $"{misspelt} was recorded as read, so the recording cannot tell a misspelt key from a real one.");
        }

        var ignored = environment.Keys.Where(variable => !read.Contains(ConfigurationKey(variable))).ToList();
        Assert.True(ignored.Count == 0, $"docker-compose.yml gives {program} settings it never reads: {string.Join(", ", ignored)}");
    }

    /// <summary>The service's environment as configuration keys (Section__Key is Section:Key), with values changed to run here.</summary>
    private static Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?> environment, Dictionary<string, string?> localValues)
    {
        var settings = environment.ToDictionary(pair => ConfigurationKey(pair.Key), pair => pair.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in localValues.Concat(Misspellings))
        {
            settings[key] = value;
        }

        return settings;
    }

    private static string ConfigurationKey(string environmentVariable) => environmentVariable.Replace("__", ":", StringComparison.Ordinal);

    private static void Record(IWebHostBuilder web, RecordingConfiguration recording)
    {
        foreach (var (key, value) in RecordingHostingStartup.Settings(recording))
        {
            web.UseSetting(key, value);
        }
    }

    /// <summary>Assembly name to project path (as a Dockerfile names it) for every project in Personalization.sln.</summary>
    private static Dictionary<string, string> SolutionAssemblies()
    {
        var solution = File.ReadAllText(RepositoryFiles.InRepository("Personalization.sln"));
        var assemblies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match project in SolutionProjects().Matches(solution))
        {
            var path = project.Groups["path"].Value.Replace('\\', '/');
            var text = File.ReadAllText(RepositoryFiles.InRepository(path));
            var assemblyName = AssemblyNameElement().Match(text) is { Success: true } element
                ? element.Groups["name"].Value
                : Path.GetFileNameWithoutExtension(path);
            assemblies[assemblyName] = path;
        }

        return assemblies;
    }

    private static IEnumerable<string> Words(string jsonArray) =>
        System.Text.Json.JsonSerializer.Deserialize<string[]>(jsonArray) ?? [];

    [GeneratedRegex(@"^\s*(?:ENTRYPOINT|CMD)\s+(?<words>\[.*\])\s*$", RegexOptions.Multiline)]
    private static partial Regex ExecForms();

    [GeneratedRegex(@"""(?<path>[^""]+\.csproj)""")]
    private static partial Regex SolutionProjects();

    [GeneratedRegex(@"<AssemblyName>(?<name>[^<]+)</AssemblyName>")]
    private static partial Regex AssemblyNameElement();
}
