using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Personalization.Cluster.Tests.Infrastructure;

[assembly: HostingStartup(typeof(RecordingHostingStartup))]

namespace Personalization.Cluster.Tests.Infrastructure;

/// <summary>
/// Settings given to a program the way environment variables are, that note every key the program asks for. Added
/// after the program's own sources and asked first for every key, it records what the program's code and its
/// configuration binding read: a key it holds but nobody asks for is a key the program ignores.
/// </summary>
internal sealed class RecordingConfiguration(IReadOnlyDictionary<string, string?> settings) : IConfigurationSource
{
    private readonly ConcurrentDictionary<string, bool> read = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlySet<string> KeysRead => read.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(settings, read);

    private sealed class Provider : ConfigurationProvider
    {
        private readonly ConcurrentDictionary<string, bool> read;

        public Provider(IReadOnlyDictionary<string, string?> settings, ConcurrentDictionary<string, bool> read)
        {
            this.read = read;
            foreach (var (key, value) in settings)
            {
                Data[key] = value;
            }
        }

        public override bool TryGet(string key, out string? value)
        {
            read[key] = true;
            return base.TryGet(key, out value);
        }
    }
}

/// <summary>
/// Puts a <see cref="RecordingConfiguration"/> into a web application started by WebApplicationFactory while its
/// builder is being created, before Program's code reads anything. Configuration added by the factory itself arrives
/// only when the builder is built, too late for reads such as the silo's clustering and storage choices.
/// </summary>
internal sealed class RecordingHostingStartup : IHostingStartup
{
    private const string RecordingKey = "Tests:Recording";
    private static readonly ConcurrentDictionary<string, RecordingConfiguration> Recordings = new();

    /// <summary>Settings for a factory's UseSetting that make <paramref name="recording"/> part of the application's configuration.</summary>
    public static IEnumerable<(string Key, string Value)> Settings(RecordingConfiguration recording)
    {
        var id = Guid.NewGuid().ToString("N");
        Recordings[id] = recording;
        yield return (WebHostDefaults.HostingStartupAssembliesKey, typeof(RecordingHostingStartup).Assembly.GetName().Name!);
        yield return (RecordingKey, id);
    }

    public void Configure(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration((context, configuration) =>
        {
            // The factory's settings reach the application as command-line arguments, already in its configuration.
            if (context.Configuration[RecordingKey] is { } id && Recordings.TryRemove(id, out var recording))
            {
                configuration.Add(recording);
            }
        });
}
